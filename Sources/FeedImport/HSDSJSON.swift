public import Foundation
public import SwitchboardCore

/// HSDS 3.1 services as JSON: fully nested service objects, the way the HSDS API returns them.
///
/// Reads a JSON array of services, a single service, an HSDS API page (`{"contents": […]}`), or
/// NDJSON (one service per line). Writes a JSON array or NDJSON.
public enum HSDSJSON {
    // MARK: Reading

    /// Reads every service in `data`; a service that cannot be read is reported and skipped.
    /// - Parameter file: the name to put in issues.
    public static func read(_ data: Data, file: String) -> FeedReadResult {
        var collector = Collector(file: file)
        let bytes = data.prefix(4096)
        let firstNonSpace = bytes.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF) }
        let decoder = JSONDecoder()
        if firstNonSpace == UInt8(ascii: "{"), isNDJSON(data) {
            var lineNumber = 0
            for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                lineNumber += 1
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
                do {
                    let attempt = try decoder.decode(Attempt.self, from: Data(line))
                    collector.take(attempt, index: lineNumber, line: lineNumber)
                } catch {
                    collector.issues.append(RecordIssue(.malformedFile, "line is not valid JSON: \(describe(error))", file: file, line: lineNumber))
                }
            }
            return collector.result
        }
        do {
            if firstNonSpace == UInt8(ascii: "[") {
                let attempts = try decoder.decode([Attempt].self, from: data)
                for (index, attempt) in attempts.enumerated() { collector.take(attempt, index: index + 1, line: nil) }
            } else if firstNonSpace == UInt8(ascii: "{") {
                let page = try decoder.decode(Page.self, from: data)
                if let contents = page.contents {
                    for (index, attempt) in contents.enumerated() { collector.take(attempt, index: index + 1, line: nil) }
                } else {
                    collector.take(try decoder.decode(Attempt.self, from: data), index: 1, line: nil)
                }
            } else {
                collector.issues.append(RecordIssue(.malformedFile, "not HSDS JSON: expected a service object, an array of services or NDJSON", file: file, line: 1))
            }
        } catch {
            let position = syntaxErrorPosition(error, in: data)
            collector.issues.append(RecordIssue(.malformedFile, "not valid JSON: \(position?.reason ?? describe(error))", file: file,
                line: position?.line, column: position?.column))
        }
        return collector.result
    }

    /// Whether the second non-blank line starts a new object: NDJSON rather than one pretty-printed object.
    static func isNDJSON(_ data: Data) -> Bool {
        var depth = 0, inString = false, escaped = false
        for byte in data {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return true }
            case UInt8(ascii: "\n"): if depth > 0 { return false }
            default: break
            }
        }
        return true
    }

    /// One service as read, or why it could not be.
    struct Attempt: Decodable {
        var document: Result<ServiceDocument, any Error>
        var id: String?

        init(from decoder: any Decoder) throws {
            id = try? decoder.container(keyedBy: AnyKey.self).decode(String.self, forKey: AnyKey("id"))
            document = Result { try ServiceDocument(from: decoder) }
        }
    }

    struct Page: Decodable {
        var contents: [Attempt]?
    }

    struct Collector {
        var file: String
        var result = FeedReadResult()
        var issues: [RecordIssue] {
            get { result.issues }
            set { result.issues = newValue }
        }
        var organizations = Set<OrganizationID>()
        var programs = Set<ProgramID>()
        var locations = Set<LocationID>()
        var terms = Set<TaxonomyTermID>()
        var taxonomies = Set<TaxonomyID>()

        init(file: String) { self.file = file }

        mutating func take(_ attempt: Attempt, index: Int, line: Int?) {
            switch attempt.document {
            case .failure(let error):
                result.issues.append(issue(for: error, file: file, line: line, index: index, id: attempt.id))
            case .success(let document):
                add(document, line: line)
            }
        }

        mutating func add(_ document: ServiceDocument, line: Int?) {
            let origin = RecordOrigin(file: file, line: line)
            let service = document.service
            result.origins[FeedReadResult.originKey("service", service.id.rawValue)] = origin
            if let organization = document.organization, organizations.insert(organization.id).inserted {
                result.batch.organizations.append(organization)
                result.origins[FeedReadResult.originKey("organization", organization.id.rawValue)] = origin
            }
            if let program = document.program, programs.insert(program.id).inserted {
                result.batch.programs.append(program)
            }
            for site in document.sites {
                var serviceAtLocation = site.serviceAtLocation
                if serviceAtLocation.serviceID.rawValue.isEmpty { serviceAtLocation.serviceID = service.id }
                if let location = site.location, locations.insert(location.id).inserted {
                    result.batch.locations.append(location)
                    result.origins[FeedReadResult.originKey("location", location.id.rawValue)] = origin
                }
                result.batch.servicesAtLocations.append(serviceAtLocation)
            }
            for term in document.terms where terms.insert(term.id).inserted { result.batch.taxonomyTerms.append(term) }
            for taxonomy in document.taxonomies where taxonomies.insert(taxonomy.id).inserted { result.batch.taxonomies.append(taxonomy) }
            result.batch.services.append(service)
        }
    }

    /// A nested service as HSDS's API shapes it.
    struct ServiceDocument: Decodable {
        struct Site: Decodable {
            var serviceAtLocation: ServiceAtLocation
            var location: Location?
            init(from decoder: any Decoder) throws {
                serviceAtLocation = try ServiceAtLocation(from: decoder)
                location = try decoder.container(keyedBy: Keys.self).decodeIfPresent(Location.self, forKey: .location)
            }
        }

        struct NestedAttribute: Decodable {
            var term: TaxonomyTerm?
            var taxonomy: Taxonomy?
            init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: Keys.self)
                term = try c.decodeIfPresent(TaxonomyTerm.self, forKey: .taxonomyTerm)
                if term != nil {
                    taxonomy = try c.nestedContainer(keyedBy: Keys.self, forKey: .taxonomyTerm)
                        .decodeIfPresent(Taxonomy.self, forKey: .taxonomyDetail)
                }
            }
        }

        var service: Service
        var organization: Organization?
        var program: Program?
        var sites: [Site]
        var terms: [TaxonomyTerm]
        var taxonomies: [Taxonomy]

        enum Keys: String, CodingKey {
            case organization, program, location, attributes
            case serviceAtLocations = "service_at_locations", taxonomyTerm = "taxonomy_term"
            case taxonomyDetail = "taxonomy_detail"
        }

        init(from decoder: any Decoder) throws {
            service = try Service(from: decoder)
            let c = try decoder.container(keyedBy: Keys.self)
            organization = try c.decodeIfPresent(Organization.self, forKey: .organization)
            program = try c.decodeIfPresent(Program.self, forKey: .program)
            sites = try c.decodeIfPresent([Site].self, forKey: .serviceAtLocations) ?? []
            let nested = try c.decodeIfPresent([NestedAttribute].self, forKey: .attributes) ?? []
            terms = nested.compactMap(\.term)
            taxonomies = nested.compactMap(\.taxonomy)
        }
    }

    static func issue(for error: any Error, file: String, line: Int?, index: Int, id: String?) -> RecordIssue {
        let record = id.map { "service \($0)" } ?? "service #\(index)"
        guard let decoding = error as? DecodingError else {
            return RecordIssue(.invalidValue, "\(record): \(error)", file: file, line: line, recordType: "service", recordID: id ?? "#\(index)")
        }
        let (code, path, message): (RecordIssue.Code, [any CodingKey], String) = {
            switch decoding {
            case .keyNotFound(let key, let context):
                return (.missingField, context.codingPath + [key], "required field is missing")
            case .valueNotFound(let type, let context):
                return (.missingField, context.codingPath, "expected \(typeName(type)) but found null")
            case .typeMismatch(let type, let context):
                return (.invalidValue, context.codingPath, "expected \(typeName(type))")
            case .dataCorrupted(let context):
                let unknown = context.debugDescription.contains("allowed:")
                return (unknown ? .unknownValue : .invalidValue, context.codingPath, context.debugDescription)
            @unknown default:
                return (.invalidValue, [], "\(decoding)")
            }
        }()
        return RecordIssue(code, message, file: file, line: line, recordType: "service", recordID: id ?? "#\(index)",
            field: fieldPath(path))
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "text"
        case is Double.Type, is Int.Type: "a number"
        case is Bool.Type: "true or false"
        default: "\(type)".lowercased().hasPrefix("array") ? "a list" : "an object"
        }
    }

    /// `service_at_locations[0].location.latitude`
    static func fieldPath(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
        }
        return text
    }

    static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            if let underlying = context.underlyingError { return "\(underlying)" }
            return context.debugDescription
        }
        return "\(error)"
    }

    /// Where the JSON stops being JSON: JSONDecoder does not say, so JSONSerialization is asked
    /// (only on this failure path) for its "around character N" and N is turned into line and column.
    static func syntaxErrorPosition(_ error: any Error, in data: Data) -> (line: Int, column: Int, reason: String)? {
        let reason: String
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return nil
        } catch {
            reason = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "\(error)"
        }
        guard let range = reason.range(of: "character "), let offset = Int(reason[range.upperBound...].prefix { $0.isNumber }) else {
            return nil
        }
        let prefix = data.prefix(offset)
        let line = prefix.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        let column = offset - (prefix.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
        return (line, column, reason.replacingOccurrences(of: " around character \(offset)", with: ""))
    }

    // MARK: Writing

    /// The form of a JSON export.
    public enum Layout: Sendable { case array, ndjson }

    /// Writes services one page at a time, so a directory of any size streams to disk.
    public final class Writer {
        let handle: FileHandle
        let layout: Layout
        let encoder: JSONEncoder
        var count = 0

        public init(path: String, layout: Layout) throws {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            self.layout = layout
            encoder = JSONEncoder()
            encoder.outputFormatting = layout == .array ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
            if layout == .array { try handle.write(contentsOf: Data("[".utf8)) }
        }

        /// Writes the records (our facts added as attributes).
        public func write(_ records: [ServiceRecord]) throws {
            var chunk = Data()
            for record in records {
                let body = try encoder.encode(ServiceOutput(record: SwitchboardAttributes.prepareForExport(record)))
                switch layout {
                case .array: chunk.append(contentsOf: Array((count == 0 ? "\n" : ",\n").utf8))
                case .ndjson: break
                }
                chunk.append(body)
                if layout == .ndjson { chunk.append(UInt8(ascii: "\n")) }
                count += 1
            }
            try handle.write(contentsOf: chunk)
        }

        public func finish() throws {
            if layout == .array { try handle.write(contentsOf: Data((count == 0 ? "]\n" : "\n]\n").utf8)) }
            try handle.close()
        }
    }

    /// Encodes one record in memory (for the API and tests).
    public static func encode(_ record: ServiceRecord) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(ServiceOutput(record: SwitchboardAttributes.prepareForExport(record)))
    }

    struct ServiceOutput: Encodable {
        var record: ServiceRecord

        func encode(to encoder: any Encoder) throws {
            var service = record.service
            let attributes = service.attributes
            service.attributes = nil
            try service.encode(to: encoder)
            var c = encoder.container(keyedBy: ServiceDocument.Keys.self)
            try c.encode(record.organization, forKey: .organization)
            try c.encodeIfPresent(record.program, forKey: .program)
            try c.encode(record.sites.map(SiteOutput.init), forKey: .serviceAtLocations)
            if let attributes {
                let terms = Dictionary(record.taxonomyTerms.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
                let taxonomies = Dictionary(record.taxonomies.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
                try c.encode(attributes.map { attribute in
                    let term = terms[attribute.taxonomyTermID]
                    return AttributeOutput(attribute: attribute, linkID: service.id.rawValue, term: term,
                        taxonomy: term?.taxonomyID.flatMap { taxonomies[$0] })
                }, forKey: .attributes)
            }
        }
    }

    struct SiteOutput: Encodable {
        var site: ServiceRecord.Site
        init(_ site: ServiceRecord.Site) { self.site = site }
        func encode(to encoder: any Encoder) throws {
            try site.serviceAtLocation.encode(to: encoder)
            var c = encoder.container(keyedBy: ServiceDocument.Keys.self)
            try c.encode(site.location, forKey: .location)
        }
    }

    struct AttributeOutput: Encodable {
        var attribute: Attribute
        var linkID: String
        var term: TaxonomyTerm?
        var taxonomy: Taxonomy?

        enum Keys: String, CodingKey {
            case linkID = "link_id", linkType = "link_type", linkEntity = "link_entity"
            case taxonomyTerm = "taxonomy_term", taxonomyDetail = "taxonomy_detail"
        }

        func encode(to encoder: any Encoder) throws {
            try attribute.encode(to: encoder)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(linkID, forKey: .linkID)
            if let term {
                // Our own terms travel bare (no description, no taxonomy_detail): they recur on every record.
                let ours = SwitchboardAttributes.isOurs(attribute)
                let nested = ours ? TaxonomyTerm(id: term.id, code: term.code, name: term.name, taxonomy: term.taxonomy) : term
                try c.encode(TermOutput(term: nested, taxonomy: ours ? nil : taxonomy), forKey: .taxonomyTerm)
            }
        }
    }

    struct TermOutput: Encodable {
        var term: TaxonomyTerm
        var taxonomy: Taxonomy?
        func encode(to encoder: any Encoder) throws {
            try term.encode(to: encoder)
            var c = encoder.container(keyedBy: AttributeOutput.Keys.self)
            try c.encodeIfPresent(taxonomy, forKey: .taxonomyDetail)
        }
    }
}

struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ string: String) { stringValue = string }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { stringValue = String(intValue); self.intValue = intValue }
}

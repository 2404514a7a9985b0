import CLibXML2
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A place in an XML file, 1-based; the column when it is known.
struct XMLPosition: Hashable, Sendable {
    var line: Int
    var column: Int?
}

/// Why an XML stream stopped: libxml2's own words (a well-formedness error, bad encoding, a cut
/// file) or one of our limits (nesting depth, entities), with the place.
struct XMLStreamError: Error, Hashable, Sendable, CustomStringConvertible {
    var message: String
    var position: XMLPosition?

    var description: String {
        guard let position else { return message }
        return "\(position.line)" + (position.column.map { ":\($0)" } ?? "") + ": \(message)"
    }
}

/// A non-fatal remark of libxml2 about the file (a warning), kept to be reported with the records.
struct XMLStreamWarning: Hashable, Sendable {
    var message: String
    var position: XMLPosition?
}

/// A pull reader over libxml2's SAX2 push parser, for feeds of any size in flat memory.
///
/// The file is read in chunks of 64 KiB and pushed to libxml2, whose SAX2 callbacks queue the
/// chunk's events; ``next()`` hands them out one at a time and pushes the next chunk when the
/// queue is empty. A text node split across chunks (or by `&amp;`) is one event. SAX2 builds no
/// tree, where `xmlTextReader` builds and frees a node per event: libxml2's own parse of an AIRS
/// file takes about a third of `xmllint --stream`'s time this way.
///
/// Elements and attributes are named by their index in the `names` the reader was made with:
/// libxml2 interns names in a dictionary, so each name is matched by comparing one pointer,
/// with no `String` made per node. An element matches when its local name is in `names` and
/// its namespace is none or the one of the document's root element (AIRS 3.0 and iCarol use
/// none, AIRS 3.1 a default namespace); elements of other namespaces read as ``foreign``.
/// Text made only of blanks (the indentation between elements) is left out.
///
/// Safety: the file is read with our own `read(2)` (libxml2 never opens anything), with
/// `XML_PARSE_NONET`, without `NOENT`, `DTDLOAD`, `DTDATTR` or `HUGE`: no external entity or
/// DTD is loaded and libxml2's entity-amplification and depth limits stay on. An entity
/// reference that survives to the document (a DTD-declared entity) stops the read, and so does
/// nesting deeper than `maximumDepth`. The encoding is the one the document declares.
final class XMLStreamReader {
    enum Event: Equatable { case startElement, endElement, text, endOfDocument }

    /// ``name`` of an element whose local name is not in the table.
    static let unknown = -1
    /// ``name`` of an element in a namespace other than the document's.
    static let foreign = -2

    let path: String
    let maximumDepth: Int

    /// The current element's (or attribute's, inside ``forEachAttribute(_:)``) index in the names table.
    @exclusivity(unchecked) private(set) var name = XMLStreamReader.unknown
    /// Elements open, the current one included (1 for the root).
    @exclusivity(unchecked) private(set) var depth = 0
    /// The namespace of the root element, which the document's elements share; nil for none.
    private(set) var documentNamespace: String?
    /// The local name of the current element, made only on request (for messages about unknown ones).
    var localName: String { current.localName.map { String(cString: $0) } ?? "" }
    /// Bytes of the file read so far, for progress.
    private(set) var bytesRead = 0

    /// One event queued by the callbacks; its text or attribute values lie in `payload`.
    private struct Queued {
        var kind: Event
        var name: Int
        var localName: UnsafePointer<xmlChar>?
        var line: Int32
        var column: Int32
        /// Text: where its bytes start in `payload`; a start element: its first entry in `attributes`.
        var first: Int
        /// Text: its length; a start element: how many attributes.
        var count: Int
        /// ``depth`` once the event is handed out.
        var depth: Int
    }

    private let context: xmlParserCtxtPtr
    private let fd: Int32
    private var closed = false
    private var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    private var finished = false
    private var reachedEnd = false
    fileprivate let diagnostics = Diagnostics()
    private let interned: PointerTable
    private let byName: [String: Int]
    @exclusivity(unchecked) private var rootSeen = false
    private var namespaceBytes: [CChar]?
    @exclusivity(unchecked) private var lastNamespace: UnsafePointer<xmlChar>?
    @exclusivity(unchecked) private var lastNamespaceMatches = false

    // Touched for every event by one thread: no exclusivity checks (they were a tenth of the parse).
    @exclusivity(unchecked) private var queue: [Queued] = []
    @exclusivity(unchecked) private var taken = 0
    @exclusivity(unchecked) private var payload: [UInt8] = []
    @exclusivity(unchecked) private var attributes: [(name: Int, offset: Int)] = []
    /// Whether the last queued event is text that more characters may still extend.
    @exclusivity(unchecked) private var textOpen = false
    /// Whether the open text holds only blanks so far.
    @exclusivity(unchecked) private var textIsBlank = true
    /// Depth as the callbacks see it (ahead of ``depth`` by the events still queued).
    @exclusivity(unchecked) private var parseDepth = 0
    /// Our own reason to stop (nesting too deep, an entity reference), thrown once the events before it are handed out.
    @exclusivity(unchecked) private var stopped: XMLStreamError?
    @exclusivity(unchecked) private var current = Queued(kind: .endOfDocument, name: XMLStreamReader.unknown, line: 0, column: 0, first: 0, count: 0, depth: 0)

    /// The libxml2 options: see the type's documentation for why each is on or off.
    static let parserOptions: Int32 = Int32(bitPattern:
        XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_NOBLANKS.rawValue | XML_PARSE_COMPACT.rawValue)

    /// Opens a file for reading.
    /// - Parameters:
    ///   - path: a local file.
    ///   - names: local names of the elements and attributes the caller tells apart.
    ///   - maximumDepth: the deepest nesting accepted.
    /// - Throws: ``XMLStreamError`` when the file cannot be opened.
    init(path: String, names: [String], maximumDepth: Int = 256) throws(XMLStreamError) {
        self.path = path
        self.maximumDepth = maximumDepth
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw XMLStreamError(message: "cannot open the file: \(String(cString: strerror(errno)))")
        }
        self.fd = fd
        var handler = xmlSAXHandler()
        xmlSAXVersion(&handler, 2)
        // No bytes yet: libxml2 finds the encoding in the first chunk pushed.
        guard let context = xmlCreatePushParserCtxt(&handler, nil, nil, 0, path) else {
            close(fd)
            throw XMLStreamError(message: "libxml2 could not start reading the file")
        }
        self.context = context
        xmlCtxtUseOptions(context, Self.parserOptions)
        // After the options, which set callbacks of their own.
        let sax = context.pointee.sax!
        sax.pointee.startElementNs = Self.startCallback
        sax.pointee.endElementNs = Self.endCallback
        sax.pointee.characters = Self.charactersCallback
        sax.pointee.ignorableWhitespace = Self.charactersCallback
        sax.pointee.cdataBlock = Self.charactersCallback
        sax.pointee.reference = Self.referenceCallback
        sax.pointee.serror = Diagnostics.callback
        var interned = PointerTable(capacity: names.count)
        var byName: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            byName[name] = index
            if let pointer = xmlDictLookup(context.pointee.dict, name, -1) { interned.insert(UnsafeRawPointer(pointer), index) }
        }
        self.interned = interned
        self.byName = byName
        context.pointee._private = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit {
        if let document = context.pointee.myDoc { xmlFreeDoc(document) }
        context.pointee.myDoc = nil
        xmlFreeParserCtxt(context)
        if !closed { close(fd) }
    }

    /// The next event.
    /// - Throws: ``XMLStreamError`` for a malformed file, an entity reference, or nesting deeper than allowed.
    func next() throws(XMLStreamError) -> Event {
        while true {
            if taken < queue.count, !(textOpen && taken == queue.count - 1) {
                current = queue[taken]
                taken += 1
                name = current.name
                depth = current.depth
                return current.kind
            }
            if finished {
                if textOpen {
                    closeText()
                    continue
                }
                if let stopped { throw stopped }
                if let error = diagnostics.firstError { throw explained(error) }
                if context.pointee.wellFormed == 0 { throw explained(nil) }
                return .endOfDocument
            }
            push()
        }
    }

    /// The attributes of the current start element that have no namespace and a name in the table.
    func forEachAttribute(_ body: (_ name: Int, _ value: UnsafePointer<xmlChar>) throws -> Void) rethrows {
        guard current.kind == .startElement, current.count > 0 else { return }
        try payload.withUnsafeBufferPointer { bytes in
            for attribute in attributes[current.first..<(current.first + current.count)] {
                try body(attribute.name, bytes.baseAddress! + attribute.offset)
            }
        }
    }

    /// Appends the current text node's bytes (UTF-8) to `buffer`.
    func appendText(to buffer: inout [UInt8]) {
        guard current.kind == .text else { return }
        buffer.append(contentsOf: payload[current.first..<(current.first + current.count)])
    }

    /// Where the current start element is: the line of its `>` (the line libxml2 gives the
    /// element's node: the start tag's own, unless the tag spans lines) and the column there.
    var position: XMLPosition {
        XMLPosition(line: Int(current.line), column: current.column > 0 ? Int(current.column) : nil)
    }

    /// Where the parser stands (at the end of the last chunk pushed, or where a callback stopped it).
    var parserPosition: XMLPosition {
        XMLPosition(line: Int(xmlSAX2GetLineNumber(context)), column: Int(xmlSAX2GetColumnNumber(context)))
    }

    /// libxml2's warnings so far (not errors: those stop the read and are thrown).
    var warnings: [XMLStreamWarning] { diagnostics.warnings }

    // MARK: Machinery

    /// Reads the next chunk of the file and pushes it to libxml2, which queues its events.
    private func push() {
        // Events handed out are dropped; an open text (then the only one left) moves to the front.
        if taken > 0 {
            let open = taken < queue.count ? queue[taken] : nil
            queue.removeAll(keepingCapacity: true)
            attributes.removeAll(keepingCapacity: true)
            if var text = open {
                payload.removeSubrange(0..<text.first)
                text.first = 0
                queue.append(text)
            } else {
                payload.removeAll(keepingCapacity: true)
            }
            taken = 0
        }
        var count = 0
        chunk.withUnsafeMutableBytes { buffer in
            while true {
                count = read(fd, buffer.baseAddress, buffer.count)
                if count >= 0 || errno != EINTR { break }
            }
        }
        if count > 0 {
            bytesRead += count
            _ = chunk.withUnsafeBytes { buffer in
                xmlParseChunk(context, buffer.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(count), 0)
            }
        } else {
            reachedEnd = count == 0
            if count < 0, diagnostics.firstError == nil {
                diagnostics.firstError = XMLStreamError(
                    message: "the file could not be read: \(String(cString: strerror(errno)))", position: parserPosition)
            }
            xmlParseChunk(context, nil, 0, 1)
            finished = true
            close(fd)
            closed = true
        }
        if stopped != nil || diagnostics.firstError != nil || context.pointee.disableSAX != 0 { finished = true }
    }

    /// The reader behind a callback's context; nil for the contexts libxml2 makes to check an
    /// entity's text, whose events are not the document's.
    private static func reader(_ context: UnsafeMutableRawPointer?) -> XMLStreamReader? {
        guard let context, let owner = context.assumingMemoryBound(to: xmlParserCtxt.self).pointee._private else { return nil }
        let reader = Unmanaged<XMLStreamReader>.fromOpaque(owner).takeUnretainedValue()
        return UnsafeMutableRawPointer(reader.context) == context ? reader : nil
    }

    private static let startCallback: startElementNsSAX2Func = { context, localName, _, uri, _, _, count, _, attributes in
        reader(context)?.started(localName, uri, Int(count), attributes)
    }

    private static let endCallback: endElementNsSAX2Func = { context, localName, _, uri in
        reader(context)?.ended(localName, uri)
    }

    private static let charactersCallback: charactersSAXFunc = { context, characters, length in
        guard let characters, length > 0 else { return }
        reader(context)?.characters(UnsafeBufferPointer(start: characters, count: Int(length)))
    }

    private static let referenceCallback: referenceSAXFunc = { context, name in
        guard let reader = reader(context) else { return }
        let entity = name.map { String(cString: $0) } ?? "?"
        reader.stop(XMLStreamError(
            message: "the file refers to the entity '&\(entity);' declared in its DTD; entities are not expanded (AIRS files need none; this is how XXE and entity-expansion attacks work)",
            position: reader.parserPosition))
    }

    private func stop(_ error: XMLStreamError) {
        guard stopped == nil else { return }
        stopped = error
        xmlStopParser(context)
    }

    private func started(
        _ localName: UnsafePointer<xmlChar>?, _ uri: UnsafePointer<xmlChar>?, _ count: Int, _ values: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        guard stopped == nil else { return }
        closeText()
        parseDepth += 1
        let here = parserPosition
        if parseDepth > maximumDepth {
            return stop(XMLStreamError(
                message: "elements nested deeper than \(maximumDepth) levels; AIRS needs fewer than 20 (a malformed or hostile file)",
                position: here))
        }
        let first = attributes.count
        if let values {
            for index in 0..<count {
                let base = values + index * 5
                // Local name, prefix, URI, value start, value end; attributes in a namespace are not AIRS's.
                guard base[2] == nil, let local = base[0], let start = base[3], let end = base[4] else { continue }
                let attribute = interned[UnsafeRawPointer(local)] ?? byName[String(cString: local)] ?? Self.unknown
                guard attribute >= 0 else { continue }
                attributes.append((attribute, payload.count))
                payload.append(contentsOf: UnsafeBufferPointer(start: start, count: end - start))
                payload.append(0)
            }
        }
        queue.append(Queued(
            kind: .startElement, name: resolve(localName, uri), localName: localName, line: Int32(clamping: here.line),
            column: Int32(clamping: here.column ?? 0), first: first, count: attributes.count - first, depth: parseDepth))
    }

    private func ended(_ localName: UnsafePointer<xmlChar>?, _ uri: UnsafePointer<xmlChar>?) {
        guard stopped == nil else { return }
        closeText()
        parseDepth -= 1
        queue.append(Queued(
            kind: .endElement, name: resolve(localName, uri), localName: localName, line: 0, column: 0, first: 0, count: 0, depth: parseDepth))
    }

    private func characters(_ bytes: UnsafeBufferPointer<xmlChar>) {
        guard stopped == nil else { return }
        if textOpen {
            queue[queue.count - 1].count += bytes.count
        } else {
            textOpen = true
            textIsBlank = true
            queue.append(Queued(
                kind: .text, name: Self.unknown, localName: nil, line: 0, column: 0, first: payload.count, count: bytes.count, depth: parseDepth))
        }
        if textIsBlank {
            for byte in bytes where byte != 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D {
                textIsBlank = false
                break
            }
        }
        payload.append(contentsOf: bytes)
    }

    /// Ends the open text; text made only of blanks is dropped.
    private func closeText() {
        guard textOpen else { return }
        textOpen = false
        if textIsBlank {
            payload.removeLast(queue.removeLast().count)
        }
    }

    /// libxml2's error in words that say what happened to the file, at a place in the file itself.
    private func explained(_ error: XMLStreamError?) -> XMLStreamError {
        var error = error ?? XMLStreamError(message: "libxml2 stopped reading", position: parserPosition)
        if diagnostics.firstErrorFile != path {
            // Raised while parsing an entity's text: libxml2 counts lines within the entity.
            error.position = diagnostics.firstErrorParserPosition ?? parserPosition
        }
        error.message = error.message.replacingOccurrences(of: "\n", with: " ")
        if error.message.hasPrefix("Excessive depth in document") {
            error.message = "elements nested deeper than libxml2's limit of 256 levels; AIRS needs fewer than 20 (a malformed or hostile file)"
        } else if diagnostics.firstErrorCode == Int32(XML_ERR_DOCUMENT_EMPTY.rawValue) {
            error.message = "the file is not XML (libxml2: \(error.message))"
        } else if diagnostics.firstErrorDomain == Int32(XML_FROM_PARSER.rawValue), diagnostics.firstErrorCode == Int32(XML_ERR_ENTITY_LOOP.rawValue) {
            error.message += " (entities expanding into entities: an entity-expansion attack, or a DTD no AIRS file needs)"
        } else if reachedEnd, parseDepth > 0 {
            error.message = "the file ends before \(parseDepth == 1 ? "its root element is" : "\(parseDepth) open elements are") closed: it was cut short (libxml2: \(error.message))"
        }
        return error
    }

    private func resolve(_ localName: UnsafePointer<xmlChar>?, _ namespace: UnsafePointer<xmlChar>?) -> Int {
        if !rootSeen {
            rootSeen = true
            if let namespace {
                let text = String(cString: namespace)
                documentNamespace = text
                namespaceBytes = Array(text.utf8CString)
            }
        }
        if let namespace, !matchesDocumentNamespace(namespace) { return Self.foreign }
        guard let localName else { return Self.unknown }
        if let index = interned[UnsafeRawPointer(localName)] { return index }
        return byName[String(cString: localName)] ?? Self.unknown
    }

    private func matchesDocumentNamespace(_ namespace: UnsafePointer<xmlChar>) -> Bool {
        if namespace == lastNamespace { return lastNamespaceMatches }
        lastNamespace = namespace
        lastNamespaceMatches = namespaceBytes.map { expected in
            expected.withUnsafeBufferPointer { strcmp($0.baseAddress!, UnsafeRawPointer(namespace).assumingMemoryBound(to: CChar.self)) == 0 }
        } ?? false
        return lastNamespaceMatches
    }
}

/// Collects libxml2's structured errors for one reader.
private final class Diagnostics {
    var firstError: XMLStreamError?
    var firstErrorFile: String?
    var firstErrorDomain: Int32 = 0
    var firstErrorCode: Int32 = 0
    var warnings: [XMLStreamWarning] = []
    static let maximumWarnings = 100

    /// libxml2 passes the parser context (the reader's, or one it made to check an entity's text,
    /// which shares its `_private`): the reader is found through it.
    static let callback: xmlStructuredErrorFunc = { context, error in
        guard let context, let error, let owner = context.assumingMemoryBound(to: xmlParserCtxt.self).pointee._private else { return }
        let reader = Unmanaged<XMLStreamReader>.fromOpaque(owner).takeUnretainedValue()
        reader.diagnostics.record(error.pointee, parserAt: reader.parserPosition)
    }

    /// Where the reader's own parser stood at the first error (an error in an entity's text has
    /// lines counted within the entity; this is the place of the reference in the file).
    var firstErrorParserPosition: XMLPosition?

    func record(_ error: xmlError, parserAt parser: XMLPosition) {
        let message = error.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "XML error \(error.code)"
        let position = error.line > 0 ? XMLPosition(line: Int(error.line), column: max(1, Int(error.int2))) : nil
        if error.level.rawValue >= XML_ERR_ERROR.rawValue {
            if firstError == nil {
                firstError = XMLStreamError(message: message, position: position)
                firstErrorFile = error.file.map { String(cString: $0) }
                firstErrorDomain = Int32(error.domain)
                firstErrorCode = Int32(error.code)
                firstErrorParserPosition = parser
            }
        } else if warnings.count < Self.maximumWarnings {
            warnings.append(XMLStreamWarning(message: message, position: position))
        }
    }
}

/// The names table by libxml2's interned pointer: open addressing over a power of two, probed
/// linearly. Looked up once per element and attribute of the file, so it is kept cheaper than a
/// `Dictionary` (no hasher, no generic dispatch).
struct PointerTable {
    private var keys: [UInt]
    private var values: [Int]
    private let mask: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 4 { size <<= 1 }
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: -1, count: size)
        mask = size - 1
    }

    @inline(__always)
    private func start(_ key: UInt) -> Int { Int(truncatingIfNeeded: (key >> 3) &* 0x9E37_79B9_7F4A_7C15 >> 40) & mask }

    mutating func insert(_ pointer: UnsafeRawPointer, _ value: Int) {
        let key = UInt(bitPattern: pointer)
        var slot = start(key)
        while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
        keys[slot] = key
        values[slot] = value
    }

    @inline(__always)
    subscript(_ pointer: UnsafeRawPointer) -> Int? {
        let key = UInt(bitPattern: pointer)
        var slot = start(key)
        while true {
            let found = keys[slot]
            if found == key { return values[slot] }
            if found == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }
}

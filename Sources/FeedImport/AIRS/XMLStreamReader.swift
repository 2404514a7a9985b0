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

/// A pull reader over libxml2's `xmlTextReader`, for feeds of any size in flat memory.
///
/// Elements and attributes are named by their index in the `names` the reader was made with:
/// libxml2 interns names in a dictionary, so each name is matched by comparing one pointer,
/// with no `String` made per node. An element matches when its local name is in `names` and
/// its namespace is none or the one of the document's root element (AIRS 3.0 and iCarol use
/// none, AIRS 3.1 a default namespace); elements of other namespaces read as ``foreign``.
///
/// Safety: the file is read through our own `read(2)` callback (never a URL), with
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
    private(set) var name = XMLStreamReader.unknown
    /// Whether the current start element is written `<X/>`; its end event follows at once.
    private(set) var isEmptyElement = false
    /// Elements open, the current one included (1 for the root).
    private(set) var depth = 0
    /// The namespace of the root element, which the document's elements share; nil for none.
    private(set) var documentNamespace: String?
    /// The local name of the current element, made only on request (for messages about unknown ones).
    var localName: String {
        xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
    }

    private let reader: OpaquePointer
    private let source: FileSource
    private let diagnostics: Diagnostics
    private let interned: PointerTable
    private let byName: [String: Int]
    private var pendingEnd = false
    private var rootSeen = false
    private var namespaceBytes: [CChar]?
    private var lastNamespace: UnsafePointer<xmlChar>?
    private var lastNamespaceMatches = false

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
        source = FileSource(fd: fd)
        diagnostics = Diagnostics()
        let context = Unmanaged.passUnretained(source).toOpaque()
        guard let reader = xmlReaderForIO(FileSource.readCallback, FileSource.closeCallback, context, path, nil,
            Self.parserOptions)
        else {
            throw XMLStreamError(message: "libxml2 could not start reading the file")
        }
        self.reader = reader
        xmlTextReaderSetStructuredErrorHandler(reader, Diagnostics.callback,
            Unmanaged.passUnretained(diagnostics).toOpaque())
        var interned = PointerTable(capacity: names.count)
        var byName: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            byName[name] = index
            if let pointer = xmlTextReaderConstString(reader, name) { interned.insert(UnsafeRawPointer(pointer), index) }
        }
        self.interned = interned
        self.byName = byName
    }

    deinit {
        // Frees the input buffer too, which closes the file through FileSource.closeCallback.
        xmlFreeTextReader(reader)
    }

    /// The next event.
    /// - Throws: ``XMLStreamError`` for a malformed file, an entity reference, or nesting deeper than allowed.
    func next() throws(XMLStreamError) -> Event {
        if pendingEnd {
            pendingEnd = false
            isEmptyElement = false
            depth -= 1
            return .endElement
        }
        while true {
            let status = xmlTextReaderRead(reader)
            if status == 0, diagnostics.firstError == nil { return .endOfDocument }
            guard status > 0 else { throw explained(diagnostics.firstError) }
            switch xmlTextReaderNodeType(reader) {
            case Self.elementType:
                name = resolveElementName()
                depth += 1
                if depth > maximumDepth {
                    throw XMLStreamError(
                        message: "elements nested deeper than \(maximumDepth) levels; AIRS needs fewer than 20 (a malformed or hostile file)",
                        position: parserPosition)
                }
                isEmptyElement = xmlTextReaderIsEmptyElement(reader) == 1
                pendingEnd = isEmptyElement
                return .startElement
            case Self.endElementType:
                name = resolveElementName()
                depth -= 1
                isEmptyElement = false
                return .endElement
            case Self.textType, Self.cdataType:
                return .text
            case Self.entityReferenceType:
                let entity = xmlTextReaderConstName(reader).map { String(cString: $0) } ?? "?"
                throw XMLStreamError(
                    message: "the file refers to the entity '&\(entity);' declared in its DTD; entities are not expanded (AIRS files need none; this is how XXE and entity-expansion attacks work)",
                    position: parserPosition)
            default:
                continue  // blanks, comments, processing instructions, the document type
            }
        }
    }

    /// The attributes of the current start element that have no namespace and a name in the table.
    func forEachAttribute(_ body: (_ name: Int, _ value: UnsafePointer<xmlChar>) throws -> Void) rethrows {
        guard xmlTextReaderHasAttributes(reader) == 1 else { return }
        defer { xmlTextReaderMoveToElement(reader) }
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            guard xmlTextReaderConstNamespaceUri(reader) == nil, let local = xmlTextReaderConstLocalName(reader) else { continue }
            let index = interned[UnsafeRawPointer(local)] ?? byName[String(cString: local)] ?? Self.unknown
            guard index >= 0, let value = xmlTextReaderConstValue(reader) else { continue }
            try body(index, value)
        }
    }

    /// Appends the current text node's bytes (UTF-8) to `buffer`.
    func appendText(to buffer: inout [UInt8]) {
        guard let value = xmlTextReaderConstValue(reader) else { return }
        buffer.append(contentsOf: UnsafeBufferPointer(start: value, count: strlen(UnsafeRawPointer(value).assumingMemoryBound(to: CChar.self))))
    }

    /// Where the current node starts, as near as `xmlTextReader` tells.
    ///
    /// The line is the node's own (exact) up to line 65,534, where libxml2's 16-bit line field on
    /// nodes ends; past it, the parser's line, a few lines further on. libxml2 keeps no column on
    /// nodes: the column is the parser's when the parser is still on the node's line (one-line
    /// files: up to one input chunk further on), else unknown. Errors have exact positions.
    var position: XMLPosition {
        let parser = parserPosition
        guard let node = xmlTextReaderCurrentNode(reader) else { return XMLPosition(line: parser.line, column: nil) }
        let line = Int(xmlGetLineNo(node))
        guard line > 0, line < 65_535 else { return XMLPosition(line: parser.line, column: nil) }
        return XMLPosition(line: line, column: line == parser.line ? parser.column : nil)
    }

    /// Where the parser stands (ahead of the current node by up to one input chunk).
    var parserPosition: XMLPosition {
        XMLPosition(line: Int(xmlTextReaderGetParserLineNumber(reader)), column: Int(xmlTextReaderGetParserColumnNumber(reader)))
    }

    /// libxml2's warnings so far (not errors: those stop the read and are thrown).
    var warnings: [XMLStreamWarning] { diagnostics.warnings }

    /// Bytes of the file read so far, for progress.
    var bytesRead: Int { source.bytesRead }

    // MARK: Machinery

    /// libxml2's error in words that say what happened to the file, at a place in the file itself.
    private func explained(_ error: XMLStreamError?) -> XMLStreamError {
        var error = error ?? XMLStreamError(message: "libxml2 stopped reading", position: parserPosition)
        if diagnostics.firstErrorFile != path {
            // Raised while parsing an entity's text: libxml2 counts lines within the entity.
            error.position = parserPosition
        }
        error.message = error.message.replacingOccurrences(of: "\n", with: " ")
        if error.message.hasPrefix("Excessive depth in document") {
            error.message = "elements nested deeper than libxml2's limit of 256 levels; AIRS needs fewer than 20 (a malformed or hostile file)"
        } else if diagnostics.firstErrorCode == Int32(XML_ERR_DOCUMENT_EMPTY.rawValue) {
            error.message = "the file is not XML (libxml2: \(error.message))"
        } else if diagnostics.firstErrorDomain == Int32(XML_FROM_PARSER.rawValue), diagnostics.firstErrorCode == Int32(XML_ERR_ENTITY_LOOP.rawValue) {
            error.message += " (entities expanding into entities: an entity-expansion attack, or a DTD no AIRS file needs)"
        } else if source.reachedEnd, depth > 0 {
            error.message = "the file ends before \(depth == 1 ? "its root element is" : "\(depth) open elements are") closed: it was cut short (libxml2: \(error.message))"
        }
        return error
    }

    private static let elementType = Int32(XML_READER_TYPE_ELEMENT.rawValue)
    private static let endElementType = Int32(XML_READER_TYPE_END_ELEMENT.rawValue)
    private static let textType = Int32(XML_READER_TYPE_TEXT.rawValue)
    private static let cdataType = Int32(XML_READER_TYPE_CDATA.rawValue)
    private static let entityReferenceType = Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue)

    private func resolveElementName() -> Int {
        let namespace = xmlTextReaderConstNamespaceUri(reader)
        if !rootSeen {
            rootSeen = true
            if let namespace {
                let text = String(cString: namespace)
                documentNamespace = text
                namespaceBytes = Array(text.utf8CString)
            }
        }
        if let namespace, !matchesDocumentNamespace(namespace) { return Self.foreign }
        guard let local = xmlTextReaderConstLocalName(reader) else { return Self.unknown }
        if let index = interned[UnsafeRawPointer(local)] { return index }
        return byName[String(cString: local)] ?? Self.unknown
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

/// The file behind a reader, read with `read(2)`: libxml2 never opens anything itself.
private final class FileSource {
    let fd: Int32
    var bytesRead = 0
    var closed = false
    var reachedEnd = false

    init(fd: Int32) { self.fd = fd }

    deinit { if !closed { close(fd) } }

    static let readCallback: xmlInputReadCallback = { context, buffer, length in
        guard let context, let buffer, length > 0 else { return 0 }
        let source = Unmanaged<FileSource>.fromOpaque(context).takeUnretainedValue()
        while true {
            let count = read(source.fd, buffer, Int(length))
            if count >= 0 {
                if count == 0 { source.reachedEnd = true }
                source.bytesRead += count
                return Int32(count)
            }
            if errno != EINTR { return -1 }
        }
    }

    static let closeCallback: xmlInputCloseCallback = { context in
        guard let context else { return 0 }
        let source = Unmanaged<FileSource>.fromOpaque(context).takeUnretainedValue()
        if !source.closed {
            source.closed = true
            close(source.fd)
        }
        return 0
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

    static let callback: xmlStructuredErrorFunc = { context, error in
        guard let context, let error else { return }
        Unmanaged<Diagnostics>.fromOpaque(context).takeUnretainedValue().record(error.pointee)
    }

    func record(_ error: xmlError) {
        let message = error.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "XML error \(error.code)"
        let position = error.line > 0 ? XMLPosition(line: Int(error.line), column: max(1, Int(error.int2))) : nil
        if error.level.rawValue >= XML_ERR_ERROR.rawValue {
            if firstError == nil {
                firstError = XMLStreamError(message: message, position: position)
                firstErrorFile = error.file.map { String(cString: $0) }
                firstErrorDomain = Int32(error.domain)
                firstErrorCode = Int32(error.code)
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

import CLibXML2
import SwitchboardCore

#if canImport(Glibc)
import Glibc
#endif

/// What the AIRS mapper reads from: the live libxml2 stream, or recorded events played back.
protocol XMLEventSource: AnyObject {
    /// The current element's (or attribute's, inside ``forEachAttribute(_:)``) index in the names table.
    var name: Int { get }
    var position: XMLPosition { get }
    var localName: String { get }
    var documentNamespace: String? { get }
    func forEachAttribute(_ body: (_ name: Int, _ value: UnsafePointer<xmlChar>) throws -> Void) rethrows
    func appendText(to buffer: inout [UInt8])
}

extension XMLStreamReader: XMLEventSource {}

/// Events of the stream recorded as compact bytes: one top-level agency with all it holds (a
/// unit, digested whole before it is mapped — and not mapped at all when the directory already
/// holds exactly what it made, see ``FeedUnit``), or the few events between agencies.
///
/// The bytes hold names (as indexes in the reader's table), the attributes the table knows, and
/// text; positions and local names are kept apart and left out of the digest, so an agency that
/// only moved in the file (because one before it grew) digests the same. A unit records the
/// position of the mapper's record elements only.
///
/// Layout: start `1, name (2 bytes), has a position (1), attribute count (1)`, then per attribute
/// `name (2), length (4), bytes, 0`; text `2, length (4), bytes, 0`; end `3`. Little-endian.
struct XMLTape: Sendable {
    var bytes: [UInt8] = []
    var positions: [XMLPosition] = []
    /// Local names of the start elements, for the events between agencies (the root's is reported).
    var localNames: [String] = []
    /// Where the recorded events begin (after the salt).
    var start = 0

    var isEmpty: Bool { bytes.count <= start }

    /// The digest of what was recorded, salt included.
    var digest: FeedUnitDigest { bytes.withUnsafeBytes { FeedUnitDigest(of: $0) } }

    /// Plays the recording back: `body` gets each event with a source standing on it.
    func replay(documentNamespace: String?, _ body: (XMLStreamReader.Event, XMLTapeReader) throws -> Void) rethrows {
        try bytes.withUnsafeBufferPointer { buffer in
            let reader = XMLTapeReader(buffer, tape: self, documentNamespace: documentNamespace)
            while let event = reader.next() { try body(event, reader) }
        }
    }
}

/// Records stream events into ``XMLTape``s.
struct XMLTapeRecorder {
    private let positioned: [Bool]
    private let salt: [UInt8]

    /// - Parameters:
    ///   - positionedNames: indexes of the elements whose position the mapper reads.
    ///   - salt: bytes every unit's digest starts with (the reader's mapping revision and settings).
    init(names: Int, positionedNames: [Int], salt: [UInt8]) {
        var positioned = [Bool](repeating: false, count: names)
        for index in positionedNames where index >= 0 && index < names { positioned[index] = true }
        self.positioned = positioned
        self.salt = salt
    }

    func unitTape() -> XMLTape {
        var tape = XMLTape(bytes: salt, start: salt.count)
        tape.bytes.reserveCapacity(16 * 1024)
        return tape
    }

    /// Records the element the stream stands on (a start element) and everything up to its end.
    /// - Throws: what the stream throws (a malformed file).
    func recordUnit(from stream: XMLStreamReader) throws(XMLStreamError) -> XMLTape {
        var tape = unitTape()
        let outside = stream.depth - 1
        recordStart(stream, into: &tape, loose: false)
        while true {
            switch try stream.next() {
            case .startElement: recordStart(stream, into: &tape, loose: false)
            case .text: Self.recordText(stream, into: &tape.bytes)
            case .endElement:
                tape.bytes.append(3)
                if stream.depth == outside { return tape }
            case .endOfDocument:
                return tape
            }
        }
    }

    /// Records one start element, with every position and local name (the events between agencies).
    func recordStart(_ stream: XMLStreamReader, into tape: inout XMLTape, loose: Bool) {
        let name = stream.name
        let hasPosition = loose || (name >= 0 && name < positioned.count && positioned[name])
        tape.bytes.append(1)
        Self.appendName(name, to: &tape.bytes)
        tape.bytes.append(hasPosition ? 1 : 0)
        let countAt = tape.bytes.count
        tape.bytes.append(0)
        var count = 0
        stream.forEachAttribute { attribute, value in
            guard count < 255 else { return }
            count += 1
            Self.appendName(attribute, to: &tape.bytes)
            let length = strlen(UnsafeRawPointer(value).assumingMemoryBound(to: CChar.self))
            Self.appendLength(length, to: &tape.bytes)
            tape.bytes.append(contentsOf: UnsafeBufferPointer(start: value, count: length))
            tape.bytes.append(0)
        }
        tape.bytes[countAt] = UInt8(count)
        if hasPosition { tape.positions.append(stream.position) }
        if loose { tape.localNames.append(stream.localName) }
    }

    static func recordText(_ stream: XMLStreamReader, into bytes: inout [UInt8]) {
        bytes.append(2)
        let lengthAt = bytes.count
        appendLength(0, to: &bytes)
        stream.appendText(to: &bytes)
        let length = UInt32(clamping: bytes.count - lengthAt - 4)
        for index in 0..<4 { bytes[lengthAt + index] = UInt8(truncatingIfNeeded: length >> UInt32(index * 8)) }
        bytes.append(0)
    }

    private static func appendName(_ name: Int, to bytes: inout [UInt8]) {
        let value = UInt16(bitPattern: Int16(clamping: name))
        bytes.append(UInt8(value & 0xFF)); bytes.append(UInt8(value >> 8))
    }

    private static func appendLength(_ length: Int, to bytes: inout [UInt8]) {
        let value = UInt32(clamping: length)
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
}

/// Plays an ``XMLTape`` back as the stream showed it.
final class XMLTapeReader: XMLEventSource {
    private let buffer: UnsafeBufferPointer<UInt8>
    private var offset: Int
    private let positions: [XMLPosition]
    private let localNames: [String]
    private var nextPosition = 0
    private var nextLocalName = 0
    /// Where the current start element's attributes, or the current text, begin.
    private var payload = 0
    private var attributeCount = 0
    private var names: [Int] = []

    private(set) var name = XMLStreamReader.unknown
    private(set) var position = XMLPosition(line: 0, column: nil)
    private(set) var localName = ""
    let documentNamespace: String?

    fileprivate init(_ buffer: UnsafeBufferPointer<UInt8>, tape: XMLTape, documentNamespace: String?) {
        self.buffer = buffer; self.offset = tape.start; self.positions = tape.positions
        self.localNames = tape.localNames; self.documentNamespace = documentNamespace
    }

    func next() -> XMLStreamReader.Event? {
        guard offset < buffer.count else { return nil }
        let tag = buffer[offset]
        offset += 1
        switch tag {
        case 1:
            let value = UInt16(buffer[offset]) | UInt16(buffer[offset + 1]) << 8
            name = Int(Int16(bitPattern: value))
            names.append(name)
            let hasPosition = buffer[offset + 2] == 1
            attributeCount = Int(buffer[offset + 3])
            offset += 4
            payload = offset
            for _ in 0..<attributeCount {
                offset += 2
                offset += Self.length(buffer, offset) + 5
            }
            if hasPosition, nextPosition < positions.count {
                position = positions[nextPosition]
                nextPosition += 1
            }
            if nextLocalName < localNames.count {
                localName = localNames[nextLocalName]
                nextLocalName += 1
            }
            return .startElement
        case 2:
            payload = offset
            offset += Self.length(buffer, offset) + 5
            return .text
        default:
            name = names.popLast() ?? XMLStreamReader.unknown
            return .endElement
        }
    }

    func forEachAttribute(_ body: (_ name: Int, _ value: UnsafePointer<xmlChar>) throws -> Void) rethrows {
        var at = payload
        for _ in 0..<attributeCount {
            let attribute = Int(Int16(bitPattern: UInt16(buffer[at]) | UInt16(buffer[at + 1]) << 8))
            let length = Self.length(buffer, at + 2)
            at += 6
            try body(attribute, buffer.baseAddress! + at)
            at += length + 1
        }
    }

    func appendText(to text: inout [UInt8]) {
        let length = Self.length(buffer, payload)
        text.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[(payload + 4)..<(payload + 4 + length)]))
    }

    private static func length(_ buffer: UnsafeBufferPointer<UInt8>, _ at: Int) -> Int {
        Int(UInt32(buffer[at]) | UInt32(buffer[at + 1]) << 8 | UInt32(buffer[at + 2]) << 16 | UInt32(buffer[at + 3]) << 24)
    }
}

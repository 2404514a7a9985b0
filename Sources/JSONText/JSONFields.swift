public import SwitchboardCore

/// A value of a JSON body that was not what its reader needs, with where it is: `needs[1].urgency:
/// expected one of low, normal, high, crisis`.
public struct JSONFieldError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Members by name and elements by position from the top (`needs[1].urgency`); empty for the body itself.
    public let path: String
    public let problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { path.isEmpty ? problem : "\(path): \(problem)" }
}

/// One value of a body being read into a type, and where it is, so that every error names the
/// member it is about. Null is read as absent, as `decodeIfPresent` does.
public struct JSONField: Sendable {
    public let value: JSONValue
    /// The path of the object or array the value is in; the value's own step is kept apart and
    /// joined only when a path is asked for (an error, or the value is a container itself):
    /// a profile's dozens of members then cost no string each.
    private let container: String
    private let step: Step

    private enum Step: Sendable {
        case top
        case member(String)
        case element(Int)
    }

    public init(_ value: JSONValue) {
        self.init(value, in: "", step: .top)
    }

    private init(_ value: JSONValue, in container: String, step: Step) {
        self.value = value
        self.container = container
        self.step = step
    }

    /// Members by name and elements by position from the top (`needs[1].urgency`); empty for the body itself.
    public var path: String {
        switch step {
        case .top: container
        case .member(let key): container.isEmpty ? key : "\(container).\(key)"
        case .element(let n): "\(container)[\(n)]"
        }
    }

    static func member(_ value: JSONValue, of object: String, named key: String) -> JSONField {
        JSONField(value, in: object, step: .member(key))
    }

    public func failure(_ problem: String) -> JSONFieldError { JSONFieldError(path: path, problem: problem) }

    public func object() throws(JSONFieldError) -> JSONObjectFields {
        guard case .object(let members) = value else { throw mismatch("an object") }
        return JSONObjectFields(members: members, path: path)
    }

    /// An array, each element read by `read` (whose errors name the element: `languages[1]`).
    public func array<Element>(_ read: (JSONField) throws(JSONFieldError) -> Element) throws(JSONFieldError) -> [Element] {
        guard case .array(let elements) = value else { throw mismatch("an array") }
        let path = self.path
        var values: [Element] = []
        values.reserveCapacity(elements.count)
        for (n, element) in elements.enumerated() { values.append(try read(JSONField(element, in: path, step: .element(n)))) }
        return values
    }

    public func string() throws(JSONFieldError) -> String {
        guard case .string(let text) = value else { throw mismatch("a string") }
        return text
    }

    public func double() throws(JSONFieldError) -> Double {
        guard case .number(let number) = value else { throw mismatch("a number") }
        return number
    }

    public func int() throws(JSONFieldError) -> Int {
        guard case .number(let number) = value else { throw mismatch("a whole number") }
        guard let whole = Int(exactly: number) else {
            throw failure("expected a whole number")
        }
        return whole
    }

    public func bool() throws(JSONFieldError) -> Bool {
        guard case .bool(let flag) = value else { throw mismatch("true or false") }
        return flag
    }

    /// One of an enumeration's raw values; the error lists them all (and not the text found, which
    /// may be a client's: messages end up in logs).
    public func choice<Choice: RawRepresentable & CaseIterable>(_: Choice.Type) throws(JSONFieldError) -> Choice where Choice.RawValue == String {
        let text = try string()
        guard let choice = Choice(rawValue: text) else {
            throw failure("expected one of \(Choice.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return choice
    }

    private func mismatch(_ expected: String) -> JSONFieldError {
        failure("expected \(expected), found \(value.kind)")
    }
}

/// The members of an object being read, by name. Members the reader does not ask for are
/// ignored, as `Decodable` does.
public struct JSONObjectFields: Sendable {
    let members: [String: JSONValue]
    public let path: String

    /// The member, or nil when it is absent or null.
    public subscript(_ key: String) -> JSONField? {
        guard let value = members[key], value != .null else { return nil }
        return JSONField.member(value, of: path, named: key)
    }

    /// The member; absent or null is an error that names it.
    public func required(_ key: String) throws(JSONFieldError) -> JSONField {
        guard let field = self[key] else { throw JSONField.member(.null, of: path, named: key).failure("missing") }
        return field
    }
}

extension JSONValue {
    /// What the value is, in the words an error message uses ("a string", "an array").
    var kind: String {
        switch self {
        case .null: "null"
        case .bool: "true or false"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

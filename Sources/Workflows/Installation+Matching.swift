public import Foundation
public import Matching

extension Installation {
    /// `Directory/geography/zip-codes.txt`: ZIP codes to points, cities, counties and states.
    public var zipCodesFile: URL { directoryFolder.appendingPathComponent("geography/zip-codes.txt") }
    /// `Directory/poverty-guidelines.json`: the HHS poverty guidelines.
    public var povertyGuidelinesFile: URL { directoryFolder.appendingPathComponent("poverty-guidelines.json") }

    /// Reads the shipped ZIP table (about 43,000 codes; a few tens of milliseconds).
    /// - Throws: ``InstallationError`` when the file is missing or malformed.
    public func loadZIPCodes() throws -> ZIPCodeTable {
        let text: String
        do { text = try String(contentsOf: zipCodesFile, encoding: .utf8) } catch {
            throw InstallationError(message: "\(zipCodesFile.path): cannot be read: \(error.localizedDescription)")
        }
        do { return try ZIPCodeTable.parse(text, file: zipCodesFile.path) } catch {
            throw InstallationError(message: "\(error)")
        }
    }

    /// Reads the shipped poverty guidelines.
    /// - Throws: ``InstallationError`` when the file is missing or malformed.
    public func loadPovertyGuidelines() throws -> PovertyGuidelines {
        do {
            return try JSONDecoder().decode(PovertyGuidelines.self, from: Data(contentsOf: povertyGuidelinesFile))
        } catch {
            throw InstallationError(message: "\(povertyGuidelinesFile.path): cannot be read as poverty guidelines: \(error)")
        }
    }
}

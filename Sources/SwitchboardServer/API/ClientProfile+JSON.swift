package import JSONText
package import Matching
import SwitchboardCore

/// A client profile read from the JSON of `POST /api/match` (and `switchboard match --profile`),
/// member by member.
///
/// The same profile as `ClientProfile`'s `Decodable` form gives for the same text
/// (`ClientProfileJSONTests` holds the two together), read by hand because `JSONDecoder` cost a
/// twentieth of a match request for a few hundred bytes; and every error names the member it is
/// about: `needs[1].urgency: expected one of low, normal, high, crisis`, or the line and
/// column where the text stops being JSON.
extension ClientProfile {
    /// - Throws: ``JSONReader/SyntaxError`` for text that is not JSON, ``JSONFieldError`` for a
    ///   member that is not what a profile holds.
    package init(json text: UnsafeRawBufferPointer) throws {
        try self.init(JSONField(JSONReader.read(text)))
    }

    package init(_ field: JSONField) throws(JSONFieldError) {
        let profile = try field.object()
        self.init(needs: try profile.required("needs").array(Need.init))
        zip = try profile["zip"]?.string()
        latitude = try profile["latitude"]?.double()
        longitude = try profile["longitude"]?.double()
        travelMiles = try profile["travel_miles"]?.double()
        age = try profile["age"]?.double()
        gender = try profile["gender"]?.choice(Gender.self)
        householdSize = try profile["household_size"]?.int()
        monthlyIncome = try profile["monthly_income"]?.double()
        languages = try profile["languages"]?.array { (field) throws(JSONFieldError) in try field.string() } ?? []
        populations = try profile["populations"]?.array { (field) throws(JSONFieldError) in try field.choice(Population.self) } ?? []
        insurance = try profile["insurance"]?.array { (field) throws(JSONFieldError) in try field.string() } ?? []
        availability = try profile["availability"]?.array(Availability.init) ?? []
    }
}

extension ClientProfile.Need {
    package init(_ field: JSONField) throws(JSONFieldError) {
        let need = try field.object()
        self.init(
            domain: try need["domain"]?.choice(Domain.self), taxonomyCode: try need["taxonomy_code"]?.string(),
            urgency: try need["urgency"]?.choice(ClientProfile.Urgency.self) ?? .normal, note: try need["note"]?.string())
        guard domain != nil || taxonomyCode != nil else { throw field.failure("a need names a domain or a taxonomy_code") }
    }
}

extension ClientProfile.Availability {
    package init(_ field: JSONField) throws(JSONFieldError) {
        let window = try field.object()
        let days = try window.required("days").array { (day) throws(JSONFieldError) -> Weekday in
            let text = try day.string()
            guard let weekday = Weekday(text: text) else { throw day.failure("expected a day of the week (monday, tue, TH…)") }
            return weekday
        }
        self.init(days: days, from: try window.required("from").string(), to: try window.required("to").string())
    }
}

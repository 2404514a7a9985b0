package import JSONText
package import Matching
import SwitchboardCore

/// How many decimals the answer's scores, factor values, weights, contributions and miles keep
/// (``JSONWriter/rounded(_:decimals:)``): people and the pages they build read them, and the
/// matcher's seventeen digits (`2.8002000150639015`) tell them nothing more. The ranking is made
/// before rounding.
package let answerDecimals = 3

/// The JSON of a client match, written member by member.
///
/// The same JSON value as the result's `Encodable` form once its numbers are rounded to
/// ``answerDecimals`` (keys as the types name them, nil members left out, as `encodeIfPresent`
/// does): `MatchAPITests` decodes it back and compares it with the matcher's own result, rounded.
/// Written by hand because a match answer is some 37 KiB of factors, rules and reasons, and going
/// through `Encodable` for it was a third of what a match request cost.
extension MatchResult {
    /// Writes the JSON and lends its bytes to `take` (the server copies them once, into the
    /// response's buffer).
    package func json<Body>(_ take: (UnsafeRawBufferPointer) -> Body) throws(JSONWriter.InvalidNumber) -> Body {
        var json = JSONWriter(capacity: 48 * 1024)
        json.beginObject()
        json.key("needs")
        json.beginArray()
        for need in needs { try need.write(to: &json) }
        json.endArray()
        if let plan {
            json.key("plan")
            try plan.write(to: &json)
        }
        json.key("notes")
        json.beginArray()
        for note in notes { json.string(note) }
        json.endArray()
        json.endObject()
        return json.withText(take)
    }
}

extension NeedMatches {
    fileprivate func write(to json: inout JSONWriter) throws(JSONWriter.InvalidNumber) {
        json.beginObject()
        json.key("need")
        need.write(to: &json)
        json.member("eligibleCount", eligibleCount)
        json.key("matches")
        json.beginArray()
        for match in matches { try match.write(to: &json) }
        json.endArray()
        json.endObject()
    }
}

extension ClientProfile.Need {
    fileprivate func write(to json: inout JSONWriter) {
        json.beginObject()
        json.member("domain", domain?.rawValue)
        json.member("urgency", urgency.rawValue)
        json.member("note", note)
        json.member("taxonomy_code", taxonomyCode)
        json.endObject()
    }
}

extension ServiceMatch {
    fileprivate func write(to json: inout JSONWriter) throws(JSONWriter.InvalidNumber) {
        json.beginObject()
        json.key("service")
        service.write(to: &json)
        try json.member("score", score, decimals: answerDecimals)
        try json.member("distanceMiles", distanceMiles, decimals: answerDecimals)
        json.key("factors")
        json.beginArray()
        for factor in factors {
            json.beginObject()
            json.member("factor", factor.factor.rawValue)
            try json.member("value", factor.value, decimals: answerDecimals)
            try json.member("weight", factor.weight, decimals: answerDecimals)
            try json.member("contribution", factor.contribution, decimals: answerDecimals)
            json.member("reason", factor.reason)
            json.endObject()
        }
        json.endArray()
        json.key("rules")
        json.beginArray()
        for rule in rules {
            json.beginObject()
            json.member("rule", rule.rule.rawValue)
            json.member("outcome", rule.outcome.rawValue)
            json.member("reason", rule.reason)
            json.endObject()
        }
        json.endArray()
        json.member("checkEligibility", checkEligibility)
        json.endObject()
    }
}

extension ServiceSummary {
    fileprivate func write(to json: inout JSONWriter) {
        json.beginObject()
        json.member("id", id.rawValue)
        json.member("name", name)
        json.member("organizationID", organizationID.rawValue)
        json.member("organization", organization)
        json.member("status", status.rawValue)
        json.key("domains")
        json.beginArray()
        for domain in domains { json.string(domain.rawValue) }
        json.endArray()
        json.member("address", address)
        json.member("phone", phone)
        json.endObject()
    }
}

extension MatchPlan {
    fileprivate func write(to json: inout JSONWriter) throws(JSONWriter.InvalidNumber) {
        json.beginObject()
        json.key("steps")
        json.beginArray()
        for step in steps {
            json.beginObject()
            json.key("needs")
            json.beginArray()
            for need in step.needs { json.number(need) }
            json.endArray()
            json.key("service")
            step.service.write(to: &json)
            try json.member("distanceMiles", step.distanceMiles, decimals: answerDecimals)
            json.endObject()
        }
        json.endArray()
        json.key("unmetNeeds")
        json.beginArray()
        for need in unmetNeeds { json.number(need) }
        json.endArray()
        json.member("providers", providers)
        json.member("places", places)
        try json.member("travelMiles", travelMiles, decimals: answerDecimals)
        try json.member("value", value, decimals: answerDecimals)
        json.endObject()
    }
}

import JSONText
import Matching
import SwitchboardCore

/// The JSON of a client match, written member by member.
///
/// The same JSON value as the result's `Encodable` form (keys as the types name them, nil members
/// left out, as `encodeIfPresent` does): `MatchAPITests` decodes it back into the matcher's own
/// result and compares. Written by hand because a match answer is some 40 KB of factors, rules
/// and reasons, and going through `Encodable` for it was a third of what a match request cost.
extension MatchResult {
    func json() throws(JSONWriter.InvalidNumber) -> [UInt8] {
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
        return json.bytes
    }
}

extension NeedMatches {
    fileprivate func write(to json: inout JSONWriter) throws(JSONWriter.InvalidNumber) {
        json.beginObject()
        json.key("need")
        need.write(to: &json)
        json.key("eligibleCount")
        json.number(eligibleCount)
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
        json.key("urgency")
        json.string(urgency.rawValue)
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
        json.key("score")
        try json.number(score)
        try json.member("distanceMiles", distanceMiles)
        json.key("factors")
        json.beginArray()
        for factor in factors {
            json.beginObject()
            json.key("factor")
            json.string(factor.factor.rawValue)
            json.key("value")
            try json.number(factor.value)
            json.key("weight")
            try json.number(factor.weight)
            json.key("contribution")
            try json.number(factor.contribution)
            json.key("reason")
            json.string(factor.reason)
            json.endObject()
        }
        json.endArray()
        json.key("rules")
        json.beginArray()
        for rule in rules {
            json.beginObject()
            json.key("rule")
            json.string(rule.rule.rawValue)
            json.key("outcome")
            json.string(rule.outcome.rawValue)
            json.key("reason")
            json.string(rule.reason)
            json.endObject()
        }
        json.endArray()
        json.key("checkEligibility")
        json.bool(checkEligibility)
        json.endObject()
    }
}

extension ServiceSummary {
    fileprivate func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("id")
        json.string(id.rawValue)
        json.key("name")
        json.string(name)
        json.key("organizationID")
        json.string(organizationID.rawValue)
        json.key("organization")
        json.string(organization)
        json.key("status")
        json.string(status.rawValue)
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
            try json.member("distanceMiles", step.distanceMiles)
            json.endObject()
        }
        json.endArray()
        json.key("unmetNeeds")
        json.beginArray()
        for need in unmetNeeds { json.number(need) }
        json.endArray()
        json.key("providers")
        json.number(providers)
        json.key("places")
        json.number(places)
        json.key("travelMiles")
        try json.number(travelMiles)
        json.key("value")
        try json.number(value)
        json.endObject()
    }
}

public import Foundation
public import SwitchboardCore

/// The step every reader's output goes through before it reaches the store: our own attributes
/// become structured eligibility and provenance again, eligibility is read out of the words,
/// records get their provenance, and values no store should hold are refused.
public enum FeedNormalizer {
    /// - Parameters:
    ///   - feed: the feed the records come from, for records that do not carry their own provenance.
    ///   - now: when they were seen.
    ///   - airsNames: names of AIRS codes (from `Directory/taxonomy`), for the ancestors of a feed's terms that the feed leaves out.
    public static func normalize(_ read: FeedReadResult, feed: FeedName, now: Date, airsNames: [String: String] = [:]) -> FeedReadResult {
        var result = read
        var batch = DirectoryBatch(taxonomies: read.batch.taxonomies, taxonomyTerms: read.batch.taxonomyTerms,
            deletions: read.batch.deletions)
        batch.units = read.batch.units
        var issues = read.issues

        func issue(_ code: RecordIssue.Code, _ type: String, _ id: String, _ field: String?, _ message: String, warning: Bool = false) {
            let origin = read.origins[FeedReadResult.originKey(type, id)]
            issues.append(RecordIssue(code, message, file: origin?.file, line: origin?.line, column: origin?.column,
                recordType: type, recordID: id, field: field, isWarning: warning))
        }

        for var organization in read.batch.organizations {
            let id = organization.id.rawValue
            if organization.name.trimmingSpaces().isEmpty {
                issue(.missingField, "organization", id, "name", "an organization needs a name"); continue
            }
            let lifted = SwitchboardAttributes.lift(organization.attributes)
            for problem in lifted.problems { issue(.invalidValue, "organization", id, problem.field, problem.message, warning: true) }
            organization.attributes = lifted.others
            organization.provenance = organization.provenance ?? lifted.provenance
                ?? Provenance(feed: feed, sourceKey: id, firstSeen: now, lastChanged: now)
            batch.organizations.append(organization)
        }
        batch.programs = read.batch.programs.filter { program in
            guard program.name.trimmingSpaces().isEmpty else { return true }
            issue(.missingField, "program", program.id.rawValue, "name", "a program needs a name")
            return false
        }
        for var location in read.batch.locations {
            let id = location.id.rawValue
            if let problem = coordinateProblem(location) {
                issue(.outOfRange, "location", id, problem.field, problem.message); continue
            }
            let lifted = SwitchboardAttributes.lift(location.attributes)
            for problem in lifted.problems { issue(.invalidValue, "location", id, problem.field, problem.message, warning: true) }
            location.attributes = lifted.others
            location.provenance = location.provenance ?? lifted.provenance
                ?? Provenance(feed: feed, sourceKey: id, firstSeen: now, lastChanged: now)
            batch.locations.append(location)
        }
        for var service in read.batch.services {
            let id = service.id.rawValue
            if service.name.trimmingSpaces().isEmpty {
                issue(.missingField, "service", id, "name", "a service needs a name"); continue
            }
            if let low = service.minimumAge, let high = service.maximumAge, low > high {
                issue(.invalidValue, "service", id, "minimum_age",
                    "minimum age \(formatNumber(low)) is above maximum age \(formatNumber(high))"); continue
            }
            if let age = service.minimumAge ?? service.maximumAge, age < 0 || age > 130 {
                issue(.outOfRange, "service", id, service.minimumAge != nil ? "minimum_age" : "maximum_age",
                    "age \(formatNumber(age)) is not between 0 and 130"); continue
            }
            let lifted = SwitchboardAttributes.lift(service.attributes)
            for problem in lifted.problems { issue(.invalidValue, "service", id, problem.field, problem.message, warning: true) }
            service.attributes = lifted.others
            var eligibility = EligibilityReader.read(
                description: service.eligibilityDescription, minimumAge: service.minimumAge,
                maximumAge: service.maximumAge, serviceAreas: service.serviceAreas ?? [])
            if let carried = lifted.eligibility {
                // Our own attributes were written from the rules we held; they win over a re-reading.
                eligibility.minimumAge = carried.minimumAge
                eligibility.maximumAge = carried.maximumAge
                eligibility.genders = carried.genders
                eligibility.maximumIncomePercentOfPoverty = carried.maximumIncomePercentOfPoverty
                eligibility.populations = carried.populations
            }
            service.eligibility = eligibility
            service.provenance = service.provenance ?? lifted.provenance
                ?? Provenance(feed: feed, sourceKey: id, firstSeen: now, lastChanged: now,
                    lastVerified: service.assuredDate.flatMap(Timestamp.date))
            batch.services.append(service)
        }
        batch.servicesAtLocations = read.batch.servicesAtLocations.map { site in
            var site = site
            site.phones = withoutPlaceholders(site.phones)
            site.contacts = site.contacts.map { $0.map(withoutPlaceholders) }
            return site
        }
        for index in batch.services.indices {
            batch.services[index].phones = withoutPlaceholders(batch.services[index].phones)
            batch.services[index].contacts = batch.services[index].contacts.map { $0.map(withoutPlaceholders) }
        }
        for index in batch.organizations.indices {
            batch.organizations[index].phones = withoutPlaceholders(batch.organizations[index].phones)
            batch.organizations[index].contacts = batch.organizations[index].contacts.map { $0.map(withoutPlaceholders) }
        }
        for index in batch.locations.indices {
            batch.locations[index].phones = withoutPlaceholders(batch.locations[index].phones)
            batch.locations[index].contacts = batch.locations[index].contacts.map { $0.map(withoutPlaceholders) }
        }
        // Our own terms may arrive nested in attributes; the store keeps only the real taxonomy.
        batch.taxonomyTerms.removeAll { SwitchboardAttributes.termsByID[$0.id] != nil }
        batch.taxonomies.removeAll { $0.id == SwitchboardAttributes.taxonomy.id }
        batch.taxonomyTerms += missingAIRSAncestors(of: batch.taxonomyTerms, names: airsNames)
        result.batch = batch
        result.issues = issues
        return result
    }

    /// Nested HSDS JSON names only the term a service is classified under, not its parents; an
    /// AIRS code spells its parents, so they are made here (with their names where we know them)
    /// and the tree stays whole.
    static func missingAIRSAncestors(of terms: [TaxonomyTerm], names: [String: String]) -> [TaxonomyTerm] {
        var known = Set(terms.map(\.id))
        var added: [TaxonomyTerm] = []
        var queue = terms
        while let term = queue.popLast() {
            guard let parentID = term.parentID, !known.contains(parentID),
                let code = term.code.flatMap({ AIRSCode($0) }), let parentCode = code.parent
            else { continue }
            let parent = TaxonomyTerm(
                id: parentID, code: parentCode.rawValue, name: names[parentCode.rawValue] ?? parentCode.rawValue,
                parentID: parentCode.parent.map { TaxonomyTermID.derived(from: "airs", $0.rawValue) },
                taxonomy: term.taxonomy, taxonomyID: term.taxonomyID, language: term.language)
            known.insert(parentID)
            added.append(parent)
            queue.append(parent)
        }
        return added.sorted { $0.id < $1.id }
    }

    /// Feeds are full of phone entries with no number (form placeholders); they call nobody.
    static func withoutPlaceholders(_ phones: [Phone]?) -> [Phone]? {
        guard let phones else { return nil }
        let real = phones.filter { !$0.number.trimmingSpaces().isEmpty }
        return real.isEmpty ? nil : real
    }

    static func withoutPlaceholders(_ contact: Contact) -> Contact {
        var contact = contact
        contact.phones = withoutPlaceholders(contact.phones)
        return contact
    }

    static func coordinateProblem(_ location: Location) -> (field: String, message: String)? {
        switch (location.latitude, location.longitude) {
        case (nil, nil): return nil
        case (.some, nil): return ("longitude", "a latitude without a longitude")
        case (nil, .some): return ("latitude", "a longitude without a latitude")
        case let (.some(latitude), .some(longitude)):
            if !(latitude.isFinite && (-90...90).contains(latitude)) {
                return ("latitude", "latitude \(formatNumber(latitude)) is outside -90 to 90")
            }
            if !(longitude.isFinite && (-180...180).contains(longitude)) {
                return ("longitude", "longitude \(formatNumber(longitude)) is outside -180 to 180")
            }
            return nil
        }
    }
}

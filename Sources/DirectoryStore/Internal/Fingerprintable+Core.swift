// Written by scripts/generate-fingerprints.py from the SwitchboardCore declarations: do not edit.
// FingerprintTests checks that every stored property of these types is listed here.

import SwitchboardCore

extension Address: Fingerprintable {
    static let fingerprintedProperties: [String] = ["id", "attention", "address1", "address2", "city", "region", "stateProvince", "postalCode", "country", "addressType", "attributes"]

    func fingerprint(into writer: inout FingerprintWriter) {
        writer.add(id)
        writer.add(attention)
        writer.add(address1)
        writer.add(address2)
        writer.add(city)
        writer.add(region)
        writer.add(stateProvince)
        writer.add(postalCode)
        writer.add(country)
        writer.add(addressType)
        writer.add(attributes)
    }
}

extension Phone: Fingerprintable {
    static let fingerprintedProperties: [String] = ["id", "number", "extension", "type", "description", "languages", "attributes"]

    func fingerprint(into writer: inout FingerprintWriter) {
        writer.add(id)
        writer.add(number)
        writer.add(self.`extension`)
        writer.add(type)
        writer.add(self.`description`)
        writer.add(languages)
        writer.add(attributes)
    }
}

extension Schedule: Fingerprintable {
    static let fingerprintedProperties: [String] = ["id", "validFrom", "validTo", "dtstart", "timezone", "until", "count", "wkst", "freq", "interval", "byday", "byweekno", "bymonthday", "byyearday", "description", "opensAt", "closesAt", "scheduleLink", "attendingType", "notes", "attributes"]

    func fingerprint(into writer: inout FingerprintWriter) {
        writer.add(id)
        writer.add(validFrom)
        writer.add(validTo)
        writer.add(dtstart)
        writer.add(timezone)
        writer.add(until)
        writer.add(self.`count`)
        writer.add(wkst)
        writer.add(freq)
        writer.add(interval)
        writer.add(byday)
        writer.add(byweekno)
        writer.add(bymonthday)
        writer.add(byyearday)
        writer.add(self.`description`)
        writer.add(opensAt)
        writer.add(closesAt)
        writer.add(scheduleLink)
        writer.add(attendingType)
        writer.add(notes)
        writer.add(attributes)
    }
}

extension Language: Fingerprintable {
    static let fingerprintedProperties: [String] = ["id", "name", "code", "note"]

    func fingerprint(into writer: inout FingerprintWriter) {
        writer.add(id)
        writer.add(name)
        writer.add(code)
        writer.add(note)
    }
}

extension CostOption: Fingerprintable {
    static let fingerprintedProperties: [String] = ["id", "validFrom", "validTo", "option", "currency", "amount", "amountDescription"]

    func fingerprint(into writer: inout FingerprintWriter) {
        writer.add(id)
        writer.add(validFrom)
        writer.add(validTo)
        writer.add(option)
        writer.add(currency)
        writer.add(amount)
        writer.add(amountDescription)
    }
}

extension ServiceArea: Fingerprintable {
    static let fingerprintedProperties: [String] = ["id", "name", "description", "extent", "extentType", "uri", "attributes"]

    func fingerprint(into writer: inout FingerprintWriter) {
        writer.add(id)
        writer.add(name)
        writer.add(self.`description`)
        writer.add(extent)
        writer.add(extentType)
        writer.add(uri)
        writer.add(attributes)
    }
}

extension CapacityUnit: Fingerprintable {
    static let fingerprintedProperties: [String] = ["id", "name", "scheme", "identifier", "uri"]

    func fingerprint(into writer: inout FingerprintWriter) {
        writer.add(id)
        writer.add(name)
        writer.add(scheme)
        writer.add(identifier)
        writer.add(uri)
    }
}

extension ServiceCapacity: Fingerprintable {
    static let fingerprintedProperties: [String] = ["id", "unit", "available", "maximum", "description", "updated"]

    func fingerprint(into writer: inout FingerprintWriter) {
        writer.add(id)
        writer.add(unit)
        writer.add(available)
        writer.add(maximum)
        writer.add(self.`description`)
        writer.add(updated)
    }
}

extension Accessibility: Fingerprintable {
    static let fingerprintedProperties: [String] = ["id", "description", "details", "url"]

    func fingerprint(into writer: inout FingerprintWriter) {
        writer.add(id)
        writer.add(self.`description`)
        writer.add(details)
        writer.add(url)
    }
}

extension Contact: Fingerprintable {
    static let fingerprintedProperties: [String] = ["id", "name", "title", "department", "email", "phones"]

    func fingerprint(into writer: inout FingerprintWriter) {
        writer.add(id)
        writer.add(name)
        writer.add(title)
        writer.add(department)
        writer.add(email)
        writer.add(phones)
    }
}

extension RequiredDocument: Fingerprintable {
    static let fingerprintedProperties: [String] = ["id", "document", "uri"]

    func fingerprint(into writer: inout FingerprintWriter) {
        writer.add(id)
        writer.add(document)
        writer.add(uri)
    }
}

extension Funding: Fingerprintable {
    static let fingerprintedProperties: [String] = ["id", "source"]

    func fingerprint(into writer: inout FingerprintWriter) {
        writer.add(id)
        writer.add(source)
    }
}

extension WebLink: Fingerprintable {
    static let fingerprintedProperties: [String] = ["id", "label", "url"]

    func fingerprint(into writer: inout FingerprintWriter) {
        writer.add(id)
        writer.add(label)
        writer.add(url)
    }
}

extension OrganizationIdentifier: Fingerprintable {
    static let fingerprintedProperties: [String] = ["id", "identifierScheme", "identifierType", "identifier"]

    func fingerprint(into writer: inout FingerprintWriter) {
        writer.add(id)
        writer.add(identifierScheme)
        writer.add(identifierType)
        writer.add(identifier)
    }
}

extension ChangeNote: Fingerprintable {
    static let fingerprintedProperties: [String] = ["id", "resourceID", "resourceType", "lastActionDate", "lastActionType", "fieldName", "previousValue", "replacementValue", "updatedBy"]

    func fingerprint(into writer: inout FingerprintWriter) {
        writer.add(id)
        writer.add(resourceID)
        writer.add(resourceType)
        writer.add(lastActionDate)
        writer.add(lastActionType)
        writer.add(fieldName)
        writer.add(previousValue)
        writer.add(replacementValue)
        writer.add(updatedBy)
    }
}

extension Attribute: Fingerprintable {
    static let fingerprintedProperties: [String] = ["id", "taxonomyTermID", "linkType", "linkEntity", "value", "label"]

    func fingerprint(into writer: inout FingerprintWriter) {
        writer.add(id)
        writer.add(taxonomyTermID)
        writer.add(linkType)
        writer.add(linkEntity)
        writer.add(value)
        writer.add(label)
    }
}

extension Taxonomy: Fingerprintable {
    static let fingerprintedProperties: [String] = ["id", "name", "description", "uri", "version"]

    func fingerprint(into writer: inout FingerprintWriter) {
        writer.add(id)
        writer.add(name)
        writer.add(self.`description`)
        writer.add(uri)
        writer.add(version)
    }
}

extension TaxonomyTerm: Fingerprintable {
    static let fingerprintedProperties: [String] = ["id", "code", "name", "description", "parentID", "taxonomy", "taxonomyID", "language", "termURI"]

    func fingerprint(into writer: inout FingerprintWriter) {
        writer.add(id)
        writer.add(code)
        writer.add(name)
        writer.add(self.`description`)
        writer.add(parentID)
        writer.add(taxonomy)
        writer.add(taxonomyID)
        writer.add(language)
        writer.add(termURI)
    }
}

extension Organization: Fingerprintable {
    static let fingerprintedProperties: [String] = ["id", "name", "alternateName", "description", "email", "website", "additionalWebsites", "taxStatus", "taxID", "yearIncorporated", "legalStatus", "logo", "uri", "parentOrganizationID", "funding", "contacts", "phones", "organizationIdentifiers", "attributes", "metadata", "provenance"]

    func fingerprint(into writer: inout FingerprintWriter) {
        writer.add(id)
        writer.add(name)
        writer.add(alternateName)
        writer.add(self.`description`)
        writer.add(email)
        writer.add(website)
        writer.add(additionalWebsites)
        writer.add(taxStatus)
        writer.add(taxID)
        writer.add(yearIncorporated)
        writer.add(legalStatus)
        writer.add(logo)
        writer.add(uri)
        writer.add(parentOrganizationID)
        writer.add(funding)
        writer.add(contacts)
        writer.add(phones)
        writer.add(organizationIdentifiers)
        writer.add(attributes)
        writer.add(metadata)
    }
}

extension Program: Fingerprintable {
    static let fingerprintedProperties: [String] = ["id", "organizationID", "name", "alternateName", "description", "attributes"]

    func fingerprint(into writer: inout FingerprintWriter) {
        writer.add(id)
        writer.add(organizationID)
        writer.add(name)
        writer.add(alternateName)
        writer.add(self.`description`)
        writer.add(attributes)
    }
}

extension Location: Fingerprintable {
    static let fingerprintedProperties: [String] = ["id", "locationType", "url", "organizationID", "name", "alternateName", "description", "transportation", "latitude", "longitude", "externalIdentifier", "externalIdentifierType", "languages", "addresses", "contacts", "accessibility", "phones", "schedules", "attributes", "metadata", "provenance"]

    func fingerprint(into writer: inout FingerprintWriter) {
        writer.add(id)
        writer.add(locationType)
        writer.add(url)
        writer.add(organizationID)
        writer.add(name)
        writer.add(alternateName)
        writer.add(self.`description`)
        writer.add(transportation)
        writer.add(latitude)
        writer.add(longitude)
        writer.add(externalIdentifier)
        writer.add(externalIdentifierType)
        writer.add(languages)
        writer.add(addresses)
        writer.add(contacts)
        writer.add(accessibility)
        writer.add(phones)
        writer.add(schedules)
        writer.add(attributes)
        writer.add(metadata)
    }
}

extension ServiceAtLocation: Fingerprintable {
    static let fingerprintedProperties: [String] = ["id", "serviceID", "locationID", "description", "serviceAreas", "contacts", "phones", "schedules", "attributes"]

    func fingerprint(into writer: inout FingerprintWriter) {
        writer.add(id)
        writer.add(serviceID)
        writer.add(locationID)
        writer.add(self.`description`)
        writer.add(serviceAreas)
        writer.add(contacts)
        writer.add(phones)
        writer.add(schedules)
        writer.add(attributes)
    }
}

extension Service: Fingerprintable {
    static let fingerprintedProperties: [String] = ["id", "organizationID", "programID", "name", "alternateName", "description", "url", "additionalURLs", "email", "status", "interpretationServices", "applicationProcess", "feesDescription", "waitTime", "fees", "accreditations", "eligibilityDescription", "minimumAge", "maximumAge", "assuredDate", "assurerEmail", "licenses", "alert", "lastModified", "phones", "schedules", "serviceAreas", "languages", "funding", "costOptions", "requiredDocuments", "contacts", "capacities", "attributes", "metadata", "eligibility", "provenance"]

    func fingerprint(into writer: inout FingerprintWriter) {
        writer.add(id)
        writer.add(organizationID)
        writer.add(programID)
        writer.add(name)
        writer.add(alternateName)
        writer.add(self.`description`)
        writer.add(url)
        writer.add(additionalURLs)
        writer.add(email)
        writer.add(status)
        writer.add(interpretationServices)
        writer.add(applicationProcess)
        writer.add(feesDescription)
        writer.add(waitTime)
        writer.add(fees)
        writer.add(accreditations)
        writer.add(eligibilityDescription)
        writer.add(minimumAge)
        writer.add(maximumAge)
        writer.add(assuredDate)
        writer.add(assurerEmail)
        writer.add(licenses)
        writer.add(alert)
        writer.add(lastModified)
        writer.add(phones)
        writer.add(schedules)
        writer.add(serviceAreas)
        writer.add(languages)
        writer.add(funding)
        writer.add(costOptions)
        writer.add(requiredDocuments)
        writer.add(contacts)
        writer.add(capacities)
        writer.add(attributes)
        writer.add(metadata)
    }
}

extension Coordinate: Fingerprintable {
    static let fingerprintedProperties: [String] = ["latitude", "longitude"]

    func fingerprint(into writer: inout FingerprintWriter) {
        writer.add(latitude)
        writer.add(longitude)
    }
}

extension ResidencyArea: Fingerprintable {
    static let fingerprintedProperties: [String] = ["kind", "name", "state", "center", "radiusMiles"]

    func fingerprint(into writer: inout FingerprintWriter) {
        writer.add(kind)
        writer.add(name)
        writer.add(state)
        writer.add(center)
        writer.add(radiusMiles)
    }
}

extension Eligibility: Fingerprintable {
    static let fingerprintedProperties: [String] = ["minimumAge", "maximumAge", "genders", "maximumIncomePercentOfPoverty", "residency", "populations", "unparsed"]

    func fingerprint(into writer: inout FingerprintWriter) {
        writer.add(minimumAge)
        writer.add(maximumAge)
        writer.add(genders)
        writer.add(maximumIncomePercentOfPoverty)
        writer.add(residency)
        writer.add(populations)
        writer.add(unparsed)
    }
}

/// The element and attribute names of AIRS XML 3.0 and 3.1 that the reader tells apart, with the
/// few that vendors add. An element and an attribute of the same spelling share one case.
enum AIRSName: String, CaseIterable {
    // Root and records
    case source = "Source", agency = "Agency", agencyLocation = "AgencyLocation", site = "Site"
    case siteService = "SiteService", serviceGroup = "ServiceGroup"
    // Common children
    case key = "Key", agencyKey = "AgencyKey", name = "Name", description = "Description"
    case agencyDescription = "AgencyDescription", siteDescription = "SiteDescription"
    case aka = "AKA", confidential = "Confidential", irsStatus = "IRSStatus", sourceOfFunds = "SourceOfFunds"
    case licenseAccreditation = "LicenseAccreditation", license = "License", licensedBy = "LicensedBy"
    case programName = "ProgramName"
    // Addresses
    case physicalAddress = "PhysicalAddress", mailingAddress = "MailingAddress", otherAddress = "OtherAddress"
    case noPhysicalAddress = "NoPhysicalAddress", explanation = "Explanation"
    case preAddressLine = "PreAddressLine", line1 = "Line1", line2 = "Line2", city = "City", county = "County"
    case state = "State", zipCode = "ZipCode", country = "Country", reasonWithheld = "ReasonWithheld"
    case crossStreet = "CrossStreet", censusTrack = "CensusTrack"
    // Contact details
    case phone = "Phone", phoneNumber = "PhoneNumber", phoneExtension = "Extension", type = "Type"
    case function = "Function", url = "URL", internetResource = "InternetResource", email = "Email"
    case address = "Address", note = "Note", contact = "Contact", title = "Title"
    // Hours and languages
    case timeOpen = "TimeOpen", sunday = "Sunday", monday = "Monday", tuesday = "Tuesday"
    case wednesday = "Wednesday", thursday = "Thursday", friday = "Friday", saturday = "Saturday"
    case from = "From", to = "To", notes = "Notes", languages = "Languages", seasonal = "Seasonal"
    case startDate = "StartDate", endDate = "EndDate"
    // Site details
    case disabilitiesAccess = "DisabilitiesAccess", physicalLocationDescription = "PhysicalLocationDescription"
    case busServiceAccess = "BusServiceAccess", spatialLocation = "SpatialLocation", datum = "Datum"
    case latitude = "Latitude", longitude = "Longitude"
    // Service details
    case taxonomy = "Taxonomy", code = "Code", geographicAreaServed = "GeographicAreaServed"
    case resourceInfo = "ResourceInfo", resourceSpecialist = "ResourceSpecialist"
    case documentsRequired = "DocumentsRequired", applicationProcess = "ApplicationProcess", step = "Step"
    case feeStructure = "FeeStructure", paymentMethodAccepted = "PaymentMethodAccepted"
    case generalEligibility = "GeneralEligibility", otherRequirements = "OtherRequirements"
    case aidRequirements = "AidRequirements", ageRequirements = "AgeRequirements"
    case genderRequirements = "GenderRequirements", familyRequirements = "FamilyRequirements"
    case incomeRequirements = "IncomeRequirements", residencyRequirements = "ResidencyRequirements"
    // Attributes
    case delete, deleteOccurredDate, deleteEffective
    case status = "Status", fein = "FEIN", yearInc = "YearInc", legalStatus = "LegalStatus"
    case excludeFromDirectory = "ExcludeFromDirectory", excludeFromWebsite = "ExcludeFromWebsite"
    case recordOwner = "RecordOwner", tollFree = "TollFree", serviceGroupKey = "ServiceGroupKey"
    case gender = "Gender", minimumAge = "MinimumAge", maximumAge = "MaximumAge"
    case dateAdded = "DateAdded", dateLastVerified = "DateLastVerified", dateOfLastAction = "DateOfLastAction"
    case sourceEntity = "SourceEntity", sourceID = "SourceID", schemaVersion = "SchemaVersion"
    case softwareVendor = "SoftwareVendor", originTimestamp = "OriginTimestamp"

    /// Every case, by its index in the table handed to ``XMLStreamReader`` (`allCases` is rebuilt on each call).
    static let table: [AIRSName] = allCases
    static let names: [String] = table.map(\.rawValue)
    /// The elements whose place in the file the mapper keeps (its records'), by index.
    static let positioned: [Int] = [Self.agency, .agencyLocation, .site, .siteService].compactMap { table.firstIndex(of: $0) }

    /// The case for a reader's name index; nil for unknown and foreign names.
    static func at(_ index: Int) -> AIRSName? { index >= 0 && index < table.count ? table[index] : nil }

    /// The day of a `TimeOpen` child, as an iCalendar code.
    var dayCode: String? {
        switch self {
        case .sunday: "SU"
        case .monday: "MO"
        case .tuesday: "TU"
        case .wednesday: "WE"
        case .thursday: "TH"
        case .friday: "FR"
        case .saturday: "SA"
        default: nil
        }
    }
}

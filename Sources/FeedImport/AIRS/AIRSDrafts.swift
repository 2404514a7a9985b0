// What the reader holds of an AIRS record while its element is open: the element's values as
// written (cleaned of markup), before they become Switchboard records at the end of their
// top-level agency.

struct AgencyDraft {
    var position: XMLPosition
    var key: String?
    var name: String?
    var description: String?
    var deleted = false
    var status: String?
    var fein: String?
    var yearIncorporated: String?
    var legalStatus: String?
    var irsStatus: String?
    var akas: [String] = []
    var phones: [PhoneDraft] = []
    var urls: [LinkDraft] = []
    var emails: [String] = []
    var contacts: [ContactDraft] = []
    var funding: [String] = []
    var licenses: [String] = []
    var groups: [GroupDraft] = []
    var sites: [SiteDraft] = []
    /// `SiteService`s written straight under the agency, with no site.
    var siteless: [ServiceDraft] = []
    /// The `AgencyLocation` when it holds no services: the agency's office.
    var office: SiteDraft?
    var info: ResourceInfoDraft?
    var children: [AgencyDraft] = []

    init(position: XMLPosition) { self.position = position }

    /// Sites and site-services in this agency and its children, for reporting what a rejection leaves out.
    var siteCount: Int { sites.count + children.reduce(0) { $0 + $1.siteCount } }
    var siteServiceCount: Int {
        sites.reduce(siteless.count) { $0 + $1.services.count } + children.reduce(0) { $0 + $1.siteServiceCount }
    }
}

struct SiteDraft {
    var position: XMLPosition
    var isAgencyLocation: Bool
    var key: String?
    var name: String?
    var description: String?
    var deleted = false
    var status: String?
    var akas: [String] = []
    var addresses: [AddressDraft] = []
    var noPhysicalAddress = false
    var noAddressNotes: [String] = []
    var crossStreets: [String] = []
    var phones: [PhoneDraft] = []
    var urls: [LinkDraft] = []
    var emails: [String] = []
    var contacts: [ContactDraft] = []
    var hours: [TimeOpenDraft] = []
    var languages: [LanguageDraft] = []
    var accessibility: String?
    var directions: String?
    var transportation: String?
    var spatial: [SpatialDraft] = []
    var services: [ServiceDraft] = []

    init(position: XMLPosition, isAgencyLocation: Bool) { self.position = position; self.isAgencyLocation = isAgencyLocation }
}

struct ServiceDraft {
    var position: XMLPosition
    var key: String?
    var name: String?
    var description: String?
    var deleted = false
    var status: String?
    var groupKey: String?
    var akas: [String] = []
    var phones: [PhoneDraft] = []
    var urls: [LinkDraft] = []
    var emails: [String] = []
    var contacts: [ContactDraft] = []
    var hours: [TimeOpenDraft] = []
    var seasons: [SeasonalDraft] = []
    var codes: [CodeDraft] = []
    var languages: [LanguageDraft] = []
    var interpretation: [String] = []
    var areas: [AreaDraft] = []
    var info: ResourceInfoDraft?
    var documents: [String] = []
    var application: [String] = []
    var fees: String?
    var payment: String?
    /// Every requirement text, in file order.
    var eligibility: [String] = []
    var minimumAges: [String?] = []
    var maximumAges: [String?] = []
    var genders = Set<String>()

    init(position: XMLPosition) { self.position = position }
}

struct PhoneDraft {
    var tollFree = false
    var confidential = false
    var number: String?
    var extensionText: String?
    var description: String?
    var type: String?
    var function: String?
}

struct ContactDraft {
    var type: String?
    var name: String?
    var title: String?
    var emails: [String] = []
    var phones: [PhoneDraft] = []
}

struct AddressDraft {
    var kind: AIRSName
    var confidential = false
    var withheld = false
    var attention: String?
    var line1: String?
    var line2: String?
    var city: String?
    var county: String?
    var state: String?
    var zip: String?
    var country: String?

    init(kind: AIRSName) { self.kind = kind }
}

/// A `URL`, `InternetResource` or `Email`: an address and a note.
struct LinkDraft {
    var address: String?
    var note: String?
}

struct AKADraft {
    var name: String?
    var confidential = false
}

struct TimeOpenDraft {
    var days: [DayDraft] = []
    var notes: [String] = []
    var isEmpty: Bool { days.allSatisfy(\.ranges.isEmpty) && notes.isEmpty }
}

struct DayDraft {
    var code: String
    /// From and To pairs, as read (`HH:MM` or `HH:MM:SS`).
    var ranges: [(String?, String?)] = []
}

struct LanguageDraft {
    var name: String
    var note: String?
}

struct SeasonalDraft {
    var description: String?
    var start: String?
    var end: String?
    var isEmpty: Bool { description == nil && start == nil && end == nil }
}

struct AreaDraft {
    var zips: [String] = []
    var tracts: [String] = []
    var cities: [String] = []
    var counties: [String] = []
    var states: [String] = []
    var countries: [String] = []
    var description: String?
    var isEmpty: Bool {
        zips.isEmpty && tracts.isEmpty && cities.isEmpty && counties.isEmpty && states.isEmpty && countries.isEmpty && description == nil
    }
}

struct SpatialDraft {
    var latitude: String?
    var longitude: String?
    var datum: String?
}

struct GroupDraft {
    var key: String?
    var name: String?
    var programName: String?
}

struct ResourceInfoDraft {
    var added: String?
    var lastVerified: String?
    var lastAction: String?
}

struct CodeDraft {
    var code: String
    var name: String?
}

import SwitchboardCore

/// Names of agencies, streets and languages.
enum Words {
    static let prefixes = [
        "Heartland", "Prairie", "River City", "Riverside", "Metro", "Gateway", "Bridges", "New Hope", "Open Door",
        "Good Neighbor", "Harvest", "Cornerstone", "Lighthouse", "Pathways", "Unity", "Compass", "Crossroads", "Summit",
        "Evergreen", "Hope", "Northstar", "Bright Futures", "Common Ground", "Greater", "Centerpoint", "Willow",
        "Cedar", "Horizon", "Keystone", "Family First",
    ]
    static let saints = ["Vincent de Paul", "Francis", "Mary's", "Joseph's", "Luke's", "Anne's", "Martin de Porres", "Paul's"]
    static let faith = ["Catholic Charities", "Lutheran Family Services", "Jewish Family Service", "Salvation Army", "Methodist Community Services"]

    /// Name patterns by domain. `{P}` prefix, `{C}` city, `{K}` county, `{S}` state name, `{T}` saint.
    static let agencyPatterns: [Domain: [String]] = [
        .health: [
            "{P} Community Health Center", "{C} Family Health Clinic", "{K} County Health Department", "{P} Behavioral Health",
            "{P} Counseling Center", "{C} Free Clinic", "St. {T} Health Center", "{P} Recovery Services", "{P} Medical Partners",
        ],
        .housing: [
            "{C} Housing Authority", "{P} Housing Partners", "{C} Rescue Mission", "{P} Shelter", "YWCA of {C}",
            "{P} Family Housing", "Habitat for Humanity of {K} County", "{P} Homes", "{C} Housing Coalition",
        ],
        .legal: [
            "{K} County Legal Aid", "Legal Aid of {S}", "{P} Legal Services", "{C} Volunteer Lawyers Project",
            "{S} Immigrant Legal Center", "{P} Justice Center", "{C} Bar Association Pro Bono Program",
        ],
        .finance: [
            "{P} Community Action", "{K} County Community Action Partnership", "{P} Financial Empowerment Center",
            "{C} Credit Counseling Service", "{P} Economic Partners", "{K} County Health and Human Services",
        ],
        .employment: [
            "Goodwill Industries of {C}", "{P} Workforce Center", "{C} Urban League", "{P} Career Connections",
            "{K} County American Job Center", "{P} Works", "{P} Employment Network",
        ],
        .other: [
            "St. {T} Food Pantry", "{P} Family Service", "{C} Food Bank", "{P} Community Services", "{F} of {C}",
            "{P} Neighborhood Center", "{C} Area Agency on Aging", "{P} Center for Families", "{P} Resource Center",
        ],
    ]

    static let streets = [
        "Main St", "Maple St", "Oak Ave", "Center St", "Park Ave", "Broadway", "Washington Ave", "Lincoln Blvd",
        "Jefferson St", "Grand Ave", "Military Ave", "Pine St", "Cedar St", "Elm St", "Lake St", "Harrison St",
        "Pacific St", "Franklin Ave", "Market St", "Church St", "Hill Rd", "Madison Ave", "University Ave", "Spring St",
    ]
    static let directions = ["N", "S", "E", "W"]
    static let suites = ["Suite 100", "Suite 200", "Ste. 3B", "Room 104", "2nd Floor", "Unit C", "Lower Level"]
    static let siteNames = ["Main Office", "North Office", "South Campus", "Westside Center", "Downtown Office", "Eastside Center", "Family Center"]

    /// Name, ISO 639 code, and how often (per thousand) a service offers it besides English.
    static let languages: [(String, String, Int)] = [
        ("Spanish", "es", 420), ("Vietnamese", "vi", 60), ("Arabic", "ar", 60), ("Somali", "so", 45), ("Karen", "kar", 35),
        ("Nepali", "ne", 35), ("French", "fr", 40), ("Swahili", "sw", 25), ("Amharic", "am", 20), ("Chinese", "zh", 30),
        ("Russian", "ru", 20), ("American Sign Language", "ase", 40),
    ]

    static let contactTitles = ["Executive Director", "Program Manager", "Intake Coordinator", "Case Manager", "Director of Services"]
    static let firstNames = ["Maria", "James", "Linh", "Amina", "Robert", "Sarah", "Daniel", "Fatuma", "Jose", "Emily", "Hawa", "David", "Ker", "Anita"]
    static let lastNames = ["Johnson", "Nguyen", "Garcia", "Hassan", "Smith", "Martinez", "Paw", "Adhikari", "Brown", "Olson", "Nelson", "Ahmed"]
    static let fundingSources = ["United Way", "HUD Continuum of Care", "State Department of Health and Human Services", "Private donations", "County general fund", "SAMHSA block grant"]
    static let accessibility = ["Wheelchair accessible", "Ramp at the north entrance", "Elevator to all floors", "Accessible parking; hearing loop in the lobby"]
    static let transportation = ["On bus route 2", "Two blocks from the nearest bus stop", "Free parking in rear lot", "Street parking only"]
    static let applicationProcess = ["Walk in during open hours", "Call for an appointment", "Apply online or by phone", "Referral from a caseworker required", "Call the intake line; a worker will call back within two business days"]
    static let waitTimes = ["No wait", "1-2 weeks", "Waitlist of about 3 weeks", "Waiting list currently closed", "Same day"]
}

import SwitchboardCore

/// How a service keeps its hours.
enum HoursKind { case office, allDay, evenings, limited, seasonal }

/// What a service charges.
enum CostKind { case free, slidingScale, fee, insurance }

/// One kind of service the generator can create: its AIRS code, the words around it and its
/// usual eligibility, capacity and cost.
struct ServiceTemplate {
    var code: String
    var domain: Domain
    var names: [String]
    var summaries: [String]
    var eligibility: [String]
    var capacityUnit: String? = nil
    var costs: [CostKind] = [.free]
    var hours: HoursKind = .office
    var documents: [String] = []
    /// Target-population codes (AIRS Y codes) sometimes added as a second code.
    var targets: [String] = []
    var minimumAge: Double? = nil
    var maximumAge: Double? = nil
}

/// The words the generator draws from. Codes of the top two levels and the deeper examples are
/// real (from the shared AIRS/211 lists); the other deeper codes follow the AIRS pattern and read
/// plausibly but are not checked against the licensed taxonomy.
enum Catalog {
    static let templates: [ServiceTemplate] = [
        // MARK: Health
        ServiceTemplate(
            code: "LN-1500", domain: .health, names: ["Primary Care Clinic", "Community Health Clinic", "Family Medicine"],
            summaries: ["Primary medical care for adults and children, including checkups, sick visits, immunizations and care for chronic conditions such as diabetes and high blood pressure."],
            eligibility: ["Open to all", "Uninsured and underinsured residents. Income at or below 200% of the federal poverty guideline"],
            capacityUnit: "appointments", costs: [.slidingScale, .insurance], documents: ["Photo ID", "Proof of income", "Insurance card, if any"]),
        ServiceTemplate(
            code: "LV-1600", domain: .health, names: ["Dental Clinic", "Low-Cost Dental Care", "Community Dental Program"],
            summaries: ["Exams, cleanings, fillings and extractions. Emergency dental appointments are held each morning."],
            eligibility: ["Income at or below 200% of the federal poverty guideline", "Children ages 0-18 enrolled in Medicaid", "Open to all"],
            capacityUnit: "appointments", costs: [.slidingScale, .fee, .insurance], documents: ["Photo ID", "Proof of income"]),
        ServiceTemplate(
            code: "LF-7000.3000", domain: .health, names: ["HIV and STI Testing", "Free HIV Testing"],
            summaries: ["Free, confidential rapid HIV testing with results in 20 minutes, plus testing and treatment for sexually transmitted infections."],
            eligibility: ["Ages 13 and older", "Open to all"], costs: [.free], hours: .limited),
        ServiceTemplate(
            code: "LJ-2000", domain: .health, names: ["Family Planning Services", "Reproductive Health Clinic"],
            summaries: ["Birth control, pregnancy testing, preconception counseling and annual exams."],
            eligibility: ["Women and men of reproductive age. Income at or below 250% of the federal poverty guideline", "Ages 15-55"],
            capacityUnit: "appointments", costs: [.slidingScale, .insurance], targets: ["YS-9000"]),
        ServiceTemplate(
            code: "LH-2700.6500", domain: .health, names: ["Prescription Assistance", "Medication Assistance Program"],
            summaries: ["Helps people without drug coverage get prescribed medicines through manufacturer programs and discount cards."],
            eligibility: ["Uninsured adults. Income at or below 300% of the federal poverty guideline", "Must be referred by a caseworker"],
            documents: ["Current prescriptions", "Proof of income"]),
        ServiceTemplate(
            code: "LH-0600.5000-970", domain: .health, names: ["Wheelchair Loan Closet", "Mobility Equipment Loans"],
            summaries: ["Short-term loans of manual and powered wheelchairs, walkers and shower chairs."],
            eligibility: ["People with disabilities and older adults", "Seniors 60 and over"], costs: [.free], targets: ["YB-8000"]),
        ServiceTemplate(
            code: "LH-0600.5000-970.50", domain: .health, names: ["Manual Wheelchair Program"],
            summaries: ["Fits and lends manual wheelchairs while clients wait for their own."],
            eligibility: ["People with disabilities"], costs: [.free]),
        ServiceTemplate(
            code: "LT-3400", domain: .health, names: ["Immunization Clinic", "Walk-In Vaccines"],
            summaries: ["Childhood and adult vaccines, including flu shots, with walk-in hours."],
            eligibility: ["Open to all", "Children ages 0-18"], costs: [.free, .insurance], hours: .limited),
        ServiceTemplate(
            code: "RP-1500", domain: .health, names: ["Crisis Line", "Mental Health Crisis Response", "24-Hour Crisis Support"],
            summaries: ["Around-the-clock phone support for people in emotional crisis, with mobile crisis teams who can come to the caller."],
            eligibility: ["Open to all", "Anyone in crisis"], costs: [.free], hours: .allDay),
        ServiceTemplate(
            code: "RM-6500", domain: .health, names: ["Outpatient Counseling", "Individual and Family Therapy", "Behavioral Health Clinic"],
            summaries: ["Individual, couples and family therapy for depression, anxiety, trauma and life changes, in person or by video."],
            eligibility: ["Ages 5 and older", "Adults 18 and older", "Open to all"],
            capacityUnit: "appointments", costs: [.slidingScale, .insurance], documents: ["Insurance card, if any"]),
        ServiceTemplate(
            code: "RP-6400.8000", domain: .health, names: ["Psychiatric Medication Management"],
            summaries: ["Psychiatric evaluation and medication management by psychiatrists and nurse practitioners."],
            eligibility: ["Adults with serious mental illness", "Must be referred by a caseworker"],
            capacityUnit: "appointments", costs: [.insurance, .slidingScale], targets: ["YF-5000"]),
        ServiceTemplate(
            code: "RX-8450.8000", domain: .health, names: ["Outpatient Substance Use Treatment", "Intensive Outpatient Program"],
            summaries: ["Group and individual treatment for alcohol and drug use, including medication for opioid use disorder."],
            eligibility: ["Adults 18 and older", "People in recovery from substance use"],
            capacityUnit: "slots", costs: [.slidingScale, .insurance], hours: .evenings),
        ServiceTemplate(
            code: "RX-8450.7000", domain: .health, names: ["Residential Treatment", "Men's Residential Recovery Program", "Women's Residential Recovery Program"],
            summaries: ["Residential treatment for substance use disorders with 28- to 90-day stays and aftercare planning."],
            eligibility: ["Adults 18 and older", "Men only", "Women and their children"],
            capacityUnit: "beds", costs: [.slidingScale, .insurance], hours: .allDay, documents: ["Photo ID", "Medical clearance"]),

        // MARK: Housing
        ServiceTemplate(
            code: "BH-1800.8500", domain: .housing, names: ["Emergency Shelter", "Overnight Shelter", "Family Shelter"],
            summaries: ["Emergency overnight shelter with evening meal, showers and case management. Check-in begins at 5 pm."],
            eligibility: ["Adults experiencing homelessness", "Families with children under 18", "Men only", "Open to all"],
            capacityUnit: "beds", costs: [.free], hours: .allDay, targets: ["YM-3000"]),
        ServiceTemplate(
            code: "BH-1800.1500-100", domain: .housing, names: ["Domestic Violence Shelter", "Safe House"],
            summaries: ["Confidential emergency shelter, safety planning and advocacy for survivors of domestic violence."],
            eligibility: ["Survivors of domestic violence and their children", "Women and their children"],
            capacityUnit: "beds", costs: [.free], hours: .allDay, targets: ["YX-0200"]),
        ServiceTemplate(
            code: "BH-3800.7000", domain: .housing, names: ["Rent Assistance", "Emergency Rent Help", "Eviction Prevention"],
            summaries: ["One-time help with past-due rent to prevent eviction, paid directly to the landlord."],
            eligibility: ["Income at or below 200% of the federal poverty guideline", "Tenants facing eviction", "Households with an eviction notice"],
            capacityUnit: "applications", costs: [.free], documents: ["Lease", "Eviction or past-due notice", "Proof of income"]),
        ServiceTemplate(
            code: "BH-3800.7250", domain: .housing, names: ["Security Deposit Assistance", "Move-In Assistance"],
            summaries: ["Helps with first month's rent and security deposits for people moving into stable housing."],
            eligibility: ["Income at or below 150% of the federal poverty guideline", "Adults experiencing homelessness"],
            costs: [.free], documents: ["Signed lease", "Proof of income"]),
        ServiceTemplate(
            code: "BH-8600", domain: .housing, names: ["Transitional Housing", "Youth Transitional Living Program", "Veterans Transitional Housing"],
            summaries: ["Up to 24 months of supportive housing with case management, life skills and help finding permanent housing."],
            eligibility: ["Youth ages 18-24", "Veterans and their families", "Women and their children", "Adults experiencing homelessness"],
            capacityUnit: "beds", costs: [.free, .slidingScale], hours: .allDay, targets: ["YB-9000", "YN-9000"]),
        ServiceTemplate(
            code: "BH-3500", domain: .housing, names: ["Housing Search Assistance", "Housing Navigation"],
            summaries: ["Housing navigators help clients find and apply for affordable rentals and talk with landlords."],
            eligibility: ["Open to all", "Adults experiencing homelessness", "Must be referred by a caseworker"], costs: [.free]),
        ServiceTemplate(
            code: "BH-0500", domain: .housing, names: ["Home Repair Program", "Senior Home Repair"],
            summaries: ["Free minor home repairs and accessibility modifications such as ramps and grab bars for homeowners."],
            eligibility: ["Seniors 60 and over", "People with disabilities. Income at or below 80% of area median income"],
            capacityUnit: "applications", costs: [.free], targets: ["YB-8000"]),
        ServiceTemplate(
            code: "BH-7000.4600", domain: .housing, names: ["Public Housing", "Affordable Apartments", "Housing Choice Vouchers"],
            summaries: ["Income-based rental housing and vouchers; rent is about 30% of household income. The waiting list opens periodically."],
            eligibility: ["Income at or below 50% of area median income", "Seniors 62 and over"],
            capacityUnit: "units", costs: [.slidingScale], documents: ["Photo ID for all adults", "Social Security cards", "Proof of income"]),
        ServiceTemplate(
            code: "BH-3700.3600", domain: .housing, names: ["Homebuyer Education", "First-Time Homebuyer Counseling"],
            summaries: ["Classes and one-on-one counseling on credit, budgeting and buying a first home; certificates accepted by most lenders."],
            eligibility: ["Open to all", "First-time homebuyers"], costs: [.free, .fee], hours: .evenings),

        // MARK: Legal
        ServiceTemplate(
            code: "FT-3200", domain: .legal, names: ["Free Legal Advice Clinic", "Legal Aid", "Civil Legal Services"],
            summaries: ["Free advice and representation in civil matters such as housing, family, public benefits and consumer problems."],
            eligibility: ["Income at or below 125% of the federal poverty guideline", "Seniors 60 and over", "Open to all"],
            capacityUnit: "appointments", costs: [.free], documents: ["Court papers, if any", "Proof of income"]),
        ServiceTemplate(
            code: "FT-1400.4500", domain: .legal, names: ["Tenant Legal Help", "Eviction Defense"],
            summaries: ["Attorneys represent tenants at eviction hearings and help with repairs, deposits and lease problems."],
            eligibility: ["Tenants facing eviction", "Income at or below 200% of the federal poverty guideline"],
            costs: [.free], documents: ["Eviction notice or court summons", "Lease"]),
        ServiceTemplate(
            code: "FT-2700.0500-450", domain: .legal, names: ["Living Will Clinic", "Advance Directives Assistance"],
            summaries: ["Help preparing living wills and health care powers of attorney, with a notary on site."],
            eligibility: ["Seniors 60 and over", "Open to all"], costs: [.free], hours: .limited, targets: ["YB-8000"]),
        ServiceTemplate(
            code: "FT-2700.0500-200", domain: .legal, names: ["Health Care Power of Attorney Help"],
            summaries: ["Volunteer attorneys explain and prepare durable powers of attorney for health care."],
            eligibility: ["Adults 18 and older"], costs: [.free], hours: .limited),
        ServiceTemplate(
            code: "FT-3800", domain: .legal, names: ["Immigration Legal Services", "Citizenship and Immigration Help"],
            summaries: ["DOJ-accredited representatives help with citizenship applications, green card renewals, DACA and family petitions."],
            eligibility: ["Immigrants and refugees", "Open to all"], capacityUnit: "appointments", costs: [.fee, .slidingScale],
            documents: ["Passport or other ID", "Immigration papers"]),
        ServiceTemplate(
            code: "FT-1700.1800", domain: .legal, names: ["Record Sealing Clinic", "Expungement Help"],
            summaries: ["Help sealing or setting aside old criminal records so they no longer block jobs and housing."],
            eligibility: ["People leaving prison or jail", "Adults 18 and older"], costs: [.free], hours: .limited, targets: ["YP-8000"]),
        ServiceTemplate(
            code: "FT-3500", domain: .legal, names: ["Family Law Clinic", "Divorce and Custody Help"],
            summaries: ["Self-help clinic for divorce, custody, child support and protection orders, with forms and a volunteer attorney."],
            eligibility: ["Survivors of domestic violence", "Income at or below 200% of the federal poverty guideline"], costs: [.free, .slidingScale]),

        // MARK: Finance
        ServiceTemplate(
            code: "NL-6000.2000", domain: .finance, names: ["SNAP Application Assistance", "Food Stamp Enrollment Help"],
            summaries: ["Help applying for and renewing SNAP food benefits, by phone or in person."],
            eligibility: ["Income at or below 130% of the federal poverty guideline", "Open to all"], costs: [.free],
            documents: ["Photo ID", "Proof of income", "Proof of address"], targets: ["YC-1700"]),
        ServiceTemplate(
            code: "NL-5000.5000", domain: .finance, names: ["Medicaid Enrollment", "Health Coverage Enrollment Help"],
            summaries: ["Certified application counselors help families apply for Medicaid, CHIP and Marketplace coverage."],
            eligibility: ["Open to all", "Income at or below 138% of the federal poverty guideline"], costs: [.free]),
        ServiceTemplate(
            code: "NT-2850", domain: .finance, names: ["Emergency Financial Assistance", "Emergency Assistance Fund"],
            summaries: ["Small one-time grants for a crisis: a car repair, a prescription, a bus ticket home."],
            eligibility: ["Income at or below 200% of the federal poverty guideline", "Must be referred by a caseworker"],
            capacityUnit: "applications", costs: [.free]),
        ServiceTemplate(
            code: "DT-8100.8000", domain: .finance, names: ["Free Tax Preparation", "VITA Tax Site"],
            summaries: ["IRS-certified volunteers prepare and e-file federal and state returns and claim the Earned Income Tax Credit."],
            eligibility: ["Households earning $67,000 or less", "Seniors 60 and over", "Open to all"],
            capacityUnit: "appointments", costs: [.free], hours: .seasonal, documents: ["W-2 and 1099 forms", "Social Security cards", "Photo ID"]),
        ServiceTemplate(
            code: "DM-1500.1500", domain: .finance, names: ["Credit and Debt Counseling", "Debt Management Plans"],
            summaries: ["Nonprofit credit counselors review budgets and debts and set up debt management plans with creditors."],
            eligibility: ["Open to all"], costs: [.free, .fee]),
        ServiceTemplate(
            code: "DM-0500.1000", domain: .finance, names: ["Financial Coaching", "Money Management Classes"],
            summaries: ["One-on-one coaching and classes on budgeting, saving, credit and banking."],
            eligibility: ["Open to all", "Adults 18 and older"], costs: [.free], hours: .evenings),
        ServiceTemplate(
            code: "BV-8900.9300", domain: .finance, names: ["Utility Assistance", "Energy Bill Help", "LIHEAP Applications"],
            summaries: ["Help paying gas, electric and water bills, and applications for the Low Income Home Energy Assistance Program."],
            eligibility: ["Income at or below 150% of the federal poverty guideline", "Households with a past-due utility notice"],
            capacityUnit: "applications", costs: [.free], documents: ["Utility bill", "Proof of income"]),
        ServiceTemplate(
            code: "NS-8000.8000", domain: .finance, names: ["Disability Benefits Advocacy", "SSI/SSDI Application Help"],
            summaries: ["Helps people with disabilities apply for SSI and SSDI and appeal denials."],
            eligibility: ["People with disabilities", "Adults experiencing homelessness"], costs: [.free]),

        // MARK: Employment
        ServiceTemplate(
            code: "ND-6500", domain: .employment, names: ["Job Search Assistance", "Job Placement", "Employment Services"],
            summaries: ["Job leads, résumé help and interview practice, with employer hiring events every month."],
            eligibility: ["Adults 18 and older", "Open to all", "Veterans and their families"], costs: [.free], targets: ["YN-9000"]),
        ServiceTemplate(
            code: "ND-2000", domain: .employment, names: ["Job Readiness Workshops", "Work Readiness Training"],
            summaries: ["Workshops on workplace skills, digital literacy and keeping a job, with a certificate at the end."],
            eligibility: ["Adults 18 and older", "People leaving prison or jail"], costs: [.free], targets: ["YP-8000"]),
        ServiceTemplate(
            code: "ND-3500", domain: .employment, names: ["Job Training", "Skilled Trades Training", "CNA Training Program"],
            summaries: ["Short-term training for in-demand jobs such as warehouse, construction, health care and commercial driving, with help paying tuition."],
            eligibility: ["Ages 18-24", "Adults 18 and older. Income at or below 200% of the federal poverty guideline"],
            capacityUnit: "seats", costs: [.free, .fee]),
        ServiceTemplate(
            code: "ND-1500", domain: .employment, names: ["Career Counseling", "Career Coaching"],
            summaries: ["Career assessments and coaching to plan a career change or return to work."],
            eligibility: ["Open to all"], costs: [.free, .slidingScale]),
        ServiceTemplate(
            code: "ND-9200", domain: .employment, names: ["Summer Youth Employment", "Youth Jobs Program"],
            summaries: ["Paid summer jobs and mentoring for teens and young adults."],
            eligibility: ["Youth ages 14-21", "Ages 16-24"], capacityUnit: "seats", costs: [.free], hours: .seasonal, targets: ["YB-9000"]),

        // MARK: Other
        ServiceTemplate(
            code: "BD-1800.2000-640", domain: .other, names: ["Food Pantry", "Client-Choice Pantry", "Community Food Pantry"],
            summaries: ["Groceries once a month, including fresh produce, dairy and meat when available."],
            eligibility: ["Open to all", "Residents of the service area", "Income at or below 185% of the federal poverty guideline"],
            costs: [.free], hours: .limited, documents: ["Photo ID", "Proof of address"]),
        ServiceTemplate(
            code: "BD-1800.2000-620", domain: .other, names: ["Emergency Food Boxes"],
            summaries: ["Three-day emergency food boxes for households in crisis, no more than six times a year."],
            eligibility: ["Open to all"], costs: [.free], hours: .limited),
        ServiceTemplate(
            code: "BD-1800.1000", domain: .other, names: ["Brown Bag Lunch", "Senior Brown Bag Program"],
            summaries: ["Monthly bag of groceries for older adults."],
            eligibility: ["Seniors 60 and over. Income at or below 130% of the federal poverty guideline"], costs: [.free], hours: .limited, targets: ["YB-8000"]),
        ServiceTemplate(
            code: "BD-5000.8300", domain: .other, names: ["Community Meal", "Hot Lunch Program", "Soup Kitchen"],
            summaries: ["Free hot meals served daily, no questions asked."],
            eligibility: ["Open to all", "Everyone welcome"], costs: [.free], hours: .limited),
        ServiceTemplate(
            code: "BM-6500.1500", domain: .other, names: ["Clothing Closet", "Free Clothing"],
            summaries: ["Free clothing, shoes and coats for all ages, plus interview clothes by appointment."],
            eligibility: ["Open to all", "Must be referred by a caseworker"], costs: [.free], hours: .limited),
        ServiceTemplate(
            code: "BT-4500.6500", domain: .other, names: ["Bus Pass Program", "Transportation Assistance"],
            summaries: ["Bus passes and rides to medical appointments and job interviews."],
            eligibility: ["Must be referred by a caseworker", "Seniors 65 and over", "People with disabilities"], costs: [.free]),
        ServiceTemplate(
            code: "TJ-3000.8000", domain: .other, names: ["2-1-1 Information and Referral", "Resource Helpline"],
            summaries: ["Trained specialists connect callers with local health and human services."],
            eligibility: ["Open to all"], costs: [.free], hours: .allDay),
        ServiceTemplate(
            code: "PH-1000", domain: .other, names: ["Case Management", "Family Support Services", "Care Coordination"],
            summaries: ["Case managers help families set goals and connect to housing, food, health care and jobs."],
            eligibility: ["Families with children under 18", "Veterans and their families", "Must be referred by a caseworker"],
            capacityUnit: "slots", costs: [.free]),
        ServiceTemplate(
            code: "PN-8100", domain: .other, names: ["Support Groups", "Grief Support Group", "Caregiver Support Group"],
            summaries: ["Weekly peer support groups led by trained facilitators."],
            eligibility: ["Open to all", "Caregivers of older adults"], costs: [.free], hours: .evenings, targets: ["YD-1500"]),
        ServiceTemplate(
            code: "HH-0500.8000", domain: .other, names: ["GED Classes", "Adult Education"],
            summaries: ["Free classes to prepare for the GED, plus English as a second language."],
            eligibility: ["Ages 16 and older", "Adults 18 and older"], capacityUnit: "seats", costs: [.free], hours: .evenings),
    ]

    /// Names of every code the templates use and their ancestors.
    static let termNames: [String: String] = {
        var names: [String: String] = [:]
        for (code, name) in levelOneAndTwo { names[code] = name }
        for (code, name) in deeper { names[code] = name }
        return names
    }()

    // From the shared 211HSIS list (211hsis_level1_level2.csv): the levels the templates reach.
    static let levelOneAndTwo: [(String, String)] = [
        ("B", "Basic Needs"), ("BD", "Food"), ("BH", "Housing/Shelter"), ("BM", "Material Goods"), ("BT", "Transportation"),
        ("BV", "Utilities"), ("D", "Consumer Services"), ("DM", "Money Management"), ("DT", "Tax Organizations and Services"),
        ("F", "Criminal Justice and Legal Services"), ("FT", "Legal Services"), ("H", "Education"),
        ("HH", "Educational Programs"), ("L", "Health Care"), ("LF", "Health Screening/Diagnostic Services"),
        ("LH", "Health Supportive Services"), ("LJ", "Human Reproduction"), ("LN", "Outpatient Health Facilities"),
        ("LT", "Specialized Treatment and Prevention"), ("LV", "Specialty Medicine"), ("N", "Income Support and Employment"),
        ("ND", "Employment"), ("NL", "Public Assistance Programs"), ("NS", "Social Insurance Programs"),
        ("NT", "Temporary Financial Assistance"), ("P", "Individual and Family Life"),
        ("PH", "Individual and Family Support Services"), ("PN", "Mutual Support"),
        ("R", "Mental Health and Substance Use Disorder Services"), ("RM", "Mental Health Care Facilities"),
        ("RP", "Mental Health Assessment and Treatment"), ("RX", "Substance Use Disorder Services"),
        ("T", "Organizational/Community/International Services"), ("TJ", "Information Services"),
        ("Y", "Target Populations"), ("YB", "Age Groups"), ("YC", "Benefits Recipients"), ("YD", "Caregivers"),
        ("YF", "Disabilities and Health Conditions"), ("YM", "Living Situation/Housing Status"),
        ("YN", "Military Personnel/Contractors"), ("YP", "Offenders"), ("YS", "Sex/Gender"), ("YX", "Victims/Survivors"),
    ]

    // Levels 3 to 6. Those also in 211hsis_deeper_level_examples.csv are real; the rest are plausible.
    static let deeper: [(String, String)] = [
        ("BD-1800", "Emergency Food"), ("BD-1800.1000", "Brown Bag Food Programs"), ("BD-1800.2000", "Food Pantries"),
        ("BD-1800.2000-620", "Occasional Emergency Food Assistance"), ("BD-1800.2000-640", "Ongoing Emergency Food Assistance"),
        ("BD-5000", "Meals"), ("BD-5000.8300", "Soup Kitchens"),
        ("BH-0500", "Home Rehabilitation Programs"), ("BH-1800", "Emergency Shelter"),
        ("BH-1800.1500", "Domestic Violence Services Shelters"), ("BH-1800.1500-100", "Domestic Violence Shelters"),
        ("BH-1800.8500", "Homeless Shelter"), ("BH-3500", "Housing Search and Information"),
        ("BH-3700", "Housing Counseling"), ("BH-3700.3600", "Homebuyer/Home Purchase Counseling"),
        ("BH-3800", "Housing Expense Assistance"), ("BH-3800.7000", "Rent Payment Assistance"),
        ("BH-3800.7250", "Rental Deposit Assistance"), ("BH-7000", "Housing Authorities and Affordable Housing"),
        ("BH-7000.4600", "Low Income/Subsidized Rental Housing"), ("BH-8600", "Transitional Housing/Shelter"),
        ("BM-6500", "Personal/Grooming Supplies and Clothing"), ("BM-6500.1500", "Clothing"),
        ("BT-4500", "Local Transportation"), ("BT-4500.6500", "Public Transit Fare Assistance"),
        ("BV-8900", "Utility Service Payment Assistance"), ("BV-8900.9300", "Utility Bill Payment Assistance"),
        ("DM-0500", "Consumer Education"), ("DM-0500.1000", "Financial Literacy Education"),
        ("DM-1500", "Credit Counseling"), ("DM-1500.1500", "Debt Management Plans"),
        ("DT-8100", "Tax Services"), ("DT-8100.8000", "Tax Preparation Assistance"),
        ("FT-1400", "Housing Law"), ("FT-1400.4500", "Landlord/Tenant Assistance"),
        ("FT-1700", "Criminal Records"), ("FT-1700.1800", "Expungement Assistance"),
        ("FT-2700", "Health Care Decision Making"), ("FT-2700.0500", "Advance Medical Directives"),
        ("FT-2700.0500-200", "Durable Power of Attorney for Health Care"), ("FT-2700.0500-450", "Living Wills"),
        ("FT-3200", "General Legal Aid"), ("FT-3500", "Family Law"), ("FT-3800", "Immigration Law"),
        ("HH-0500", "Adult Basic Education"), ("HH-0500.8000", "GED/High School Equivalency Test Instruction"),
        ("LF-7000", "Specialized Screening"), ("LF-7000.3000", "HIV Testing"),
        ("LH-0600", "Assistive Technology Equipment"), ("LH-0600.5000", "Mobility Aids"),
        ("LH-0600.5000-970", "Wheelchairs/Wheeled Mobility"), ("LH-0600.5000-970.50", "Manual Wheelchairs"),
        ("LH-2700", "Medical Expense Assistance"), ("LH-2700.6500", "Prescription Expense Assistance"),
        ("LJ-2000", "Family Planning"), ("LN-1500", "Community Clinics"), ("LT-3400", "Immunizations"),
        ("LV-1600", "Dental Care"), ("ND-1500", "Career Development"), ("ND-2000", "Employment Preparation"),
        ("ND-3500", "Job Training"), ("ND-6500", "Job Search/Placement"), ("ND-9200", "Youth Employment"),
        ("NL-5000", "Health Insurance/Public Medical Assistance"), ("NL-5000.5000", "Medicaid"),
        ("NL-6000", "Food Benefits"), ("NL-6000.2000", "SNAP/Food Stamps"),
        ("NS-8000", "Social Security"), ("NS-8000.8000", "Social Security Disability Insurance"),
        ("NT-2850", "Emergency Financial Assistance"), ("PH-1000", "Case/Care Management"), ("PN-8100", "Support Groups"),
        ("RM-6500", "Outpatient Mental Health Facilities"), ("RP-1500", "Crisis Intervention"),
        ("RP-6400", "Psychiatric Services"), ("RP-6400.8000", "Psychiatric Medication Services"),
        ("RX-8450", "Substance Use Disorder Treatment Programs"),
        ("RX-8450.7000", "Residential Substance Use Disorder Treatment"),
        ("RX-8450.8000", "Outpatient Substance Use Disorder Treatment"), ("TJ-3000", "Information and Referral"),
        ("TJ-3000.8000", "Specialized Information and Referral"), ("YB-8000", "Older Adults"), ("YB-9000", "Youth"),
        ("YC-1700", "SNAP Recipients"), ("YD-1500", "Caregivers of Older Adults"), ("YF-5000", "Mental Illness"),
        ("YM-3000", "Homeless People"), ("YN-9000", "Veterans"), ("YP-8000", "Ex-Offenders"), ("YS-9000", "Women"),
        ("YX-0200", "Abuse Victims"),
    ]

    /// Which domain each part of the tree belongs to, as the generator assigns them.
    static let domainRules: [DomainMapping.PrefixRule] = [
        .init(prefix: "L", domain: .health, note: "Health care"),
        .init(prefix: "R", domain: .health, note: "Mental health and substance use disorder services"),
        .init(prefix: "BH", domain: .housing, note: "Housing/shelter"),
        .init(prefix: "F", domain: .legal, note: "Criminal justice and legal services"),
        .init(prefix: "N", domain: .finance, note: "Income support (employment is ND)"),
        .init(prefix: "ND", domain: .employment, note: "Employment"),
        .init(prefix: "DM", domain: .finance, note: "Money management, credit and debt counseling"),
        .init(prefix: "DT", domain: .finance, note: "Tax preparation"),
        .init(prefix: "BV", domain: .finance, note: "Utility bill assistance"),
    ]

    /// Eligibility sentences any service may carry, some of which no reader can turn into rules.
    static let genericEligibility = [
        "Open to all", "Must be referred by a caseworker", "Must have a valid photo ID", "Call for an intake appointment",
        "Income at or below 200% of the federal poverty guideline", "Veterans and their families", "Adults 18 and older",
    ]

    static let domainWeights: [(Domain, Int)] = [
        (.health, 22), (.housing, 18), (.legal, 10), (.finance, 16), (.employment, 12), (.other, 22),
    ]

    static let templatesByDomain: [[Int]] = Domain.allCases.map { domain in
        templates.indices.filter { templates[$0].domain == domain }
    }
}

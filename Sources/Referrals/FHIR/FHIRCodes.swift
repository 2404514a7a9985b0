import SwitchboardCore

/// The code systems and profiles of the Gravity Project's SDOH Clinical Care guide (FHIR R4)
/// that the export uses. Checked against the guide's FSH sources (HL7/fhir-sdoh-clinicalcare):
/// SDOHCC-TaskForReferralManagement, SDOHCC-ServiceRequest, SDOHCC-Consent,
/// SDOHCC-CodeSystemTemporaryCodes.
enum FHIRCodes {
    static let profileBase = "http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/"
    static let taskProfile = profileBase + "SDOHCC-TaskForReferralManagement"
    static let serviceRequestProfile = profileBase + "SDOHCC-ServiceRequest"
    static let consentProfile = profileBase + "SDOHCC-Consent"
    static let usCorePatientProfile = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient"

    /// SDOH categories, and the guide's temporary codes (resulting-activity, contacting-subject-prohibited).
    static let sdohcc = "http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes"
    static let usCoreCategory = "http://hl7.org/fhir/us/core/CodeSystem/us-core-category"
    static let taskCode = "http://hl7.org/fhir/CodeSystem/task-code"
    static let snomed = "http://snomed.info/sct"
    static let consentScope = "http://terminology.hl7.org/CodeSystem/consentscope"
    static let actCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
    static let participationType = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
    static let dataAbsentReason = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
    static let airs = "https://211taxonomy.org"
    /// Our own codes for reasons and outcomes, which the guide leaves to implementers (text is required).
    static let reasonSystem = "urn:switchboard:referral-reason"
    static let outcomeSystem = "urn:switchboard:referral-outcome"
    static let referralIdentifier = "urn:switchboard:referral"
    static let clientIdentifier = "urn:switchboard:client"

    /// SNOMED CT 410606002 "Social service procedure": the generic code for a social care
    /// service, from the US Core procedure codes the profiles bind `code` and outputs to.
    static let socialServiceProcedure: JSONValue = [
        "system": .string(snomed), "code": "410606002", "display": "Social service procedure (procedure)",
    ]

    /// The guide's SDOH category for a need: the AIRS code when it says more than the domain
    /// (food, transportation, utilities), otherwise the domain's nearest category.
    static func sdohCategory(domain: Domain?, taxonomyCode: String?) -> String {
        if let code = taxonomyCode?.uppercased() {
            if code.hasPrefix("BD") { return "food-insecurity" }
            if code.hasPrefix("BT") { return "transportation-insecurity" }
            if code.hasPrefix("BV") { return "utility-insecurity" }
            if code.hasPrefix("BH-18") { return "homelessness" }
        }
        switch domain {
        case .housing: return "housing-instability"
        case .finance: return "financial-insecurity"
        case .employment: return "employment-status"
        case .health, .legal, .other, nil: return "sdoh-category-unspecified"
        }
    }

    /// ServiceRequest.status for a referral status: the request stays active while the provider
    /// works on it (the Task carries the detail), and is revoked when the referral ends unmet.
    static func serviceRequestStatus(_ status: Referral.Status) -> String {
        switch status {
        case .draft: "draft"
        case .requested, .accepted, .inProgress, .onHold: "active"
        case .completed: "completed"
        case .rejected, .cancelled, .failed: "revoked"
        case .enteredInError: "entered-in-error"
        }
    }
}

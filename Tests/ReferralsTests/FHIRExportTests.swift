import DirectoryStore
import Foundation
import Referrals
import SwitchboardCore
import Testing

/// The export checked against the required elements of the Gravity SDOH Clinical Care
/// profiles (STU 2, FSH sources in HL7/fhir-sdoh-clinicalcare): cardinality 1.. elements,
/// fixed values, required bindings we can check offline, and the R4 base constraints.
@Suite struct FHIRExportTests {
    typealias T = ReferralTestbed

    static let taskStatuses: Set<String> = [
        "draft", "requested", "accepted", "rejected", "cancelled", "in-progress", "on-hold", "completed", "failed", "entered-in-error",
    ]
    static let sdohCategories: Set<String> = [
        "sdoh-category-unspecified", "food-insecurity", "housing-instability", "homelessness", "inadequate-housing",
        "transportation-insecurity", "financial-insecurity", "material-hardship", "educational-attainment", "employment-status",
        "veteran-status", "stress", "social-connection", "intimate-partner-violence", "elder-abuse", "personal-health-literacy",
        "health-insurance-coverage-status", "medical-cost-burden", "digital-literacy", "digital-access", "utility-insecurity",
    ]
    static let sdohcc = "http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes"

    static func resource(_ type: String, in bundle: JSONValue) -> JSONValue? {
        bundle["entry"]?.elements.compactMap { $0["resource"] }.first { $0["resourceType"]?.string == type }
    }

    static func codings(_ concept: JSONValue?) -> [(String?, String?)] {
        (concept?["coding"]?.elements ?? []).map { ($0["system"]?.string, $0["code"]?.string) }
    }

    /// What the SDOHCC-TaskForReferralManagement profile requires of a Task.
    static func taskProblems(_ task: JSONValue) -> [String] {
        var problems: [String] = []
        if task["meta"]?["profile"]?.elements.first?.string != "http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-TaskForReferralManagement" { problems.append("meta.profile") }
        guard let status = task["status"]?.string, taskStatuses.contains(status) else { return problems + ["status"] }
        if task["intent"] != "order" { problems.append("intent fixed to order") }
        if !codings(task["code"]).contains(where: { $0 == ("http://hl7.org/fhir/CodeSystem/task-code", "fulfill") }) { problems.append("code = task-code#fulfill") }
        if task["focus"]?["reference"]?.string?.hasPrefix("ServiceRequest/") != true { problems.append("focus → ServiceRequest") }
        if task["for"]?["reference"]?.string?.hasPrefix("Patient/") != true { problems.append("for → Patient") }
        if task["authoredOn"]?.string == nil { problems.append("authoredOn") }
        if task["requester"]?["reference"]?.string?.hasPrefix("Organization/") != true { problems.append("requester") }
        if ["rejected", "cancelled", "on-hold", "failed"].contains(status), task["statusReason"]?["text"]?.string == nil { problems.append("statusReason.text") }
        if task["statusReason"] != nil, task["statusReason"]?["text"] == nil { problems.append("statusReason.text 1..1") }
        for output in task["output"]?.elements ?? [] {
            if !codings(output["type"]).contains(where: { $0 == (sdohcc, "resulting-activity") }) { problems.append("output.type") }
            let value = output["valueCodeableConcept"]
            if !codings(value).contains(where: { $0.0 == "http://snomed.info/sct" }) { problems.append("output.valueCodeableConcept from US Core procedure codes") }
        }
        return problems
    }

    /// What SDOHCC-ServiceRequest (on US Core ServiceRequest) requires.
    static func serviceRequestProblems(_ request: JSONValue) -> [String] {
        var problems: [String] = []
        let statuses: Set<String> = ["draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"]
        if !statuses.contains(request["status"]?.string ?? "") { problems.append("status") }
        if request["intent"]?.string == nil { problems.append("intent") }
        let categories = request["category"]?.elements.flatMap { codings($0) } ?? []
        if !categories.contains(where: { $0.0 == sdohcc && sdohCategories.contains($0.1 ?? "") }) { problems.append("category:SDOHCC 1..*") }
        if codings(request["code"]).isEmpty { problems.append("code 1..1") }
        if request["subject"]?["reference"]?.string?.hasPrefix("Patient/") != true { problems.append("subject 1..1") }
        return problems
    }

    /// What SDOHCC-Consent requires, with R4's ppc-1 (a policy or policyRule).
    static func consentProblems(_ consent: JSONValue) -> [String] {
        var problems: [String] = []
        if !["draft", "proposed", "active", "rejected", "inactive", "entered-in-error"].contains(consent["status"]?.string ?? "") { problems.append("status") }
        if codings(consent["scope"]).first?.1 != "patient-privacy" { problems.append("scope") }
        if !(consent["category"]?.elements.flatMap { codings($0) } ?? []).contains(where: { $0 == ("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IDSCL") }) { problems.append("category:IDSCL") }
        if consent["patient"]?["reference"] == nil { problems.append("patient") }
        if consent["dateTime"] == nil { problems.append("dateTime") }
        if consent["organization"]?.elements.count != 1 { problems.append("organization 1..1") }
        if consent["sourceAttachment"] == nil && consent["sourceReference"] == nil { problems.append("source[x]") }
        if consent["policy"] == nil && consent["policyRule"] == nil { problems.append("ppc-1") }
        return problems
    }

    func export(_ bed: ReferralTestbed, _ id: ReferralID) async throws -> JSONValue {
        let bundle = try await bed.referrals.exportFHIR(id)
        #expect(bundle["resourceType"] == "Bundle")
        // Every entry has a full URL and the whole bundle is valid JSON.
        #expect(bundle["entry"]?.elements.allSatisfy { $0["fullUrl"]?.string != nil } == true)
        _ = try JSONSerialization.jsonObject(with: JSONEncoder().encode(bundle))
        return bundle
    }

    @Test func aSentReferralIsAServiceRequestAndARequestedTaskForAPseudonymousPatient() async throws {
        let bed = try await ReferralTestbed()
        var request = bed.request()
        request.need.taxonomyCode = "BH-1800.8500"
        let referral = try await bed.referrals.create(request, by: T.caseManager).referral
        let bundle = try await export(bed, referral.id)

        let task = try #require(Self.resource("Task", in: bundle))
        #expect(Self.taskProblems(task).isEmpty, "\(Self.taskProblems(task))")
        #expect(task["status"] == "requested")
        #expect(task["owner"]?["reference"] == "Organization/prov-1")
        #expect(task["owner"]?["display"] == "Riverside Housing")
        #expect(task["restriction"]?["period"]?["end"] == "2026-11-24T15:00:00Z")
        let serviceRequest = try #require(Self.resource("ServiceRequest", in: bundle))
        #expect(Self.serviceRequestProblems(serviceRequest).isEmpty, "\(Self.serviceRequestProblems(serviceRequest))")
        #expect(serviceRequest["status"] == "active")
        #expect(Self.codings(serviceRequest["category"]?.elements.first).first?.1 == "homelessness")
        #expect(Self.codings(serviceRequest["code"]).contains { $0 == ("https://211taxonomy.org", "BH-1800.8500") })
        let patient = try #require(Self.resource("Patient", in: bundle))
        #expect(patient["name"]?.elements.first?["extension"]?.elements.first?["valueCode"] == "masked")
        #expect(patient["telecom"] == nil)
        #expect(Self.resource("Consent", in: bundle) == nil)
    }

    @Test(arguments: [
        (Referral.Status.rejected, Referral.ReasonCode.notEligible, "revoked"),
        (.cancelled, .clientDeclined, "revoked"),
        (.onHold, .missingDocuments, "active"),
        (.failed, .couldNotContactClient, "revoked"),
    ])
    func statusesWithAReasonCarryStatusReasonText(status: Referral.Status, reason: Referral.ReasonCode, serviceRequestStatus: String) async throws {
        let bed = try await ReferralTestbed()
        let referral = try await bed.issue()
        if status != .rejected { try await bed.move(referral.id, .accepted) }
        try await bed.referrals.move(referral.id, Move(to: status, reason: .init(reason, text: "Called Monday")), by: T.intake)
        let bundle = try await export(bed, referral.id)
        let task = try #require(Self.resource("Task", in: bundle))
        #expect(Self.taskProblems(task).isEmpty, "\(Self.taskProblems(task))")
        #expect(task["status"]?.string == status.rawValue)
        #expect(task["statusReason"]?["text"]?.string == "\(reason.label): Called Monday")
        #expect(Self.codings(task["statusReason"]).first?.1 == reason.rawValue)
        #expect(Self.resource("ServiceRequest", in: bundle)?["status"]?.string == serviceRequestStatus)
    }

    @Test func aCompletedReferralHasAResultingActivityOutput() async throws {
        let bed = try await ReferralTestbed()
        let referral = try await bed.issue()
        try await bed.move(referral.id, .accepted)
        bed.clock.advance(days: 3)
        try await bed.referrals.move(referral.id, Move(to: .completed, outcome: .init(.enrolled, text: "Starts in December")), by: T.intake)
        let bundle = try await export(bed, referral.id)
        let task = try #require(Self.resource("Task", in: bundle))
        #expect(Self.taskProblems(task).isEmpty, "\(Self.taskProblems(task))")
        let output = try #require(task["output"]?.elements.first)
        #expect(output["valueCodeableConcept"]?["text"] == "Client enrolled: Starts in December")
        #expect(task["executionPeriod"]?["start"] == "2026-11-20T15:00:00Z")
        #expect(task["executionPeriod"]?["end"] == "2026-11-23T15:00:00Z")
        #expect(Self.resource("ServiceRequest", in: bundle)?["status"] == "completed")
    }

    @Test func sharedDetailsComeWithTheConsentThatAllowsThem() async throws {
        let bed = try await ReferralTestbed()
        let consent = try await bed.referrals.giveConsent(client: bed.client.id, recipient: "prov-1", expiresAt: T.day(90), by: T.caseManager)
        let referral = try await bed.referrals.create(bed.request(share: true), by: T.caseManager).referral
        var bundle = try await export(bed, referral.id)

        let exported = try #require(Self.resource("Consent", in: bundle))
        #expect(Self.consentProblems(exported).isEmpty, "\(Self.consentProblems(exported))")
        #expect(exported["status"] == "active")
        #expect(exported["provision"]?["actor"]?.elements.first?["reference"]?["reference"] == "Organization/prov-1")
        #expect(exported["provision"]?["period"]?["end"] == "2027-02-18T15:00:00Z")
        #expect(Self.resource("ServiceRequest", in: bundle)?["supportingInfo"]?.elements.first?["reference"]?.string == "Consent/\(consent.id)")
        #expect(Self.resource("Patient", in: bundle)?["name"]?.elements.first?["text"] == "Dana Example")

        _ = try await bed.referrals.revokeConsent(consent.id, by: T.caseManager)
        bundle = try await export(bed, referral.id)
        #expect(Self.resource("Consent", in: bundle)?["status"] == "inactive")
        #expect(Self.resource("Patient", in: bundle)?["telecom"] == nil, "revoked: the details stop travelling")
    }
}

extension FHIRExportTests {
    /// Brings a referral to `status` by the shortest legal path.
    func reach(_ status: Referral.Status, in bed: ReferralTestbed) async throws -> ReferralID {
        let referral = try await bed.referrals.create(bed.request(draft: status == .draft), by: T.caseManager).referral
        let provider: [Referral.Status: Move] = [
            .accepted: Move(to: .accepted), .rejected: Move(to: .rejected, reason: .init(.notEligible)),
            .inProgress: Move(to: .inProgress), .onHold: Move(to: .onHold, reason: .init(.missingDocuments)),
            .completed: Move(to: .completed, outcome: .init(.serviceProvided)), .failed: Move(to: .failed, reason: .init(.couldNotContactClient)),
        ]
        switch status {
        case .draft, .requested: break
        case .cancelled: try await bed.referrals.move(referral.id, Move(to: .cancelled, reason: .init(.duplicate)), by: T.caseManager)
        case .enteredInError: try await bed.referrals.move(referral.id, Move(to: .enteredInError), by: T.caseManager)
        case .accepted, .rejected: try await bed.referrals.move(referral.id, provider[status]!, by: T.intake)
        default:
            try await bed.referrals.move(referral.id, Move(to: .accepted), by: T.intake)
            try await bed.referrals.move(referral.id, provider[status]!, by: T.intake)
        }
        return referral.id
    }

    static let serviceRequestStatus: [Referral.Status: String] = [
        .draft: "draft", .requested: "active", .accepted: "active", .inProgress: "active", .onHold: "active",
        .completed: "completed", .rejected: "revoked", .cancelled: "revoked", .failed: "revoked", .enteredInError: "entered-in-error",
    ]

    @Test(arguments: Referral.Status.allCases)
    func everyStatusExportsAsAValidTaskAndServiceRequest(status: Referral.Status) async throws {
        let bed = try await ReferralTestbed()
        let id = try await reach(status, in: bed)
        let bundle = try await export(bed, id)
        let task = try #require(Self.resource("Task", in: bundle))
        let request = try #require(Self.resource("ServiceRequest", in: bundle))
        #expect(task["status"]?.string == status.rawValue)
        #expect(Self.taskProblems(task).isEmpty, "\(Self.taskProblems(task))")
        #expect(Self.serviceRequestProblems(request).isEmpty, "\(Self.serviceRequestProblems(request))")
        #expect(request["status"]?.string == Self.serviceRequestStatus[status])
        #expect((task["output"] != nil) == (status == .completed))
    }
}

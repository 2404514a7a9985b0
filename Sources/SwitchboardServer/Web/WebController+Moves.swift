import SwitchboardCore

/// The referral page's forms, one per kind of move, so a person answers in one step: a button
/// for a move that needs nothing more ("Accept"), a form that asks for an outcome to complete,
/// and one that asks for a reason to decline, cancel, hold or give up. The moves offered are the
/// referral rules' (`Referral.Status.moves(for:)`); the page only groups them.
extension WebController {
    static func moveForms(_ moves: [Referral.Status]) -> [String: Any] {
        let simple = moves.filter { !$0.needsReason && !$0.needsOutcome }
        let withReason = moves.filter(\.needsReason)
        return [
            "moves": moves.map(\.rawValue),
            "simpleMoves": simple.map { ["value": $0.rawValue, "label": label(of: $0)] },
            "completes": moves.contains(.completed),
            "reasonMoves": withReason.map { ["value": $0.rawValue, "label": label(of: $0)] },
        ]
    }

    /// What the button or option says, in the words of the person pressing it.
    static func label(of move: Referral.Status) -> String {
        switch move {
        case .requested: "Send the referral"
        case .accepted: "Accept"
        case .rejected: "Decline"
        case .inProgress: "Mark as started"
        case .onHold: "Put on hold"
        case .completed: "Complete"
        case .failed: "Could not deliver"
        case .cancelled: "Cancel the referral"
        case .enteredInError: "Entered in error (it never happened)"
        default: move.rawValue
        }
    }
}

/// The reports' own words, one case per phrase: the typed key of a catalogue entry
/// (`report.<case>` in Sources/Messages/Catalogue/*.txt). Every language must hold every case; a
/// test checks it. Named placeholders (`{date}`, `{count}`) are filled by Localizer.format.
enum Phrase: String, CaseIterable {
    // Common
    case notTranslated, notProvided, commitment, commitments, milestone, milestones, leadAgency, period
    case completionLevel, rating, lastChange, date, author, summary, files, number, note, organisation, kind
    case startDate, endDate, plannedEnd, daysLate, delayReason, deliverable, budget, plannedDates, actualDates
    case planned, actual, added, field, keptValue, lostValue, lostBy, lostAt, contacts
    case levelNotStarted, levelLimited, levelSubstantial, levelComplete
    case valueTransparency, valueAccountability, valueCivicParticipation, valueTechnology
    case kindMinistry, kindAgency, kindCSO, kindPrivate, kindMultilateral, kindWorkingGroup
    case ragGreen, ragAmber, ragRed
    case lateOnTime, lateLate, lateOver4, lateOver6
    case midTermReport, endTermReport, evenYears, oddYears
    // Template fields (manual §7)
    case numberAndName, startEnd, themes, qProblem, qCommitment, qSolution, qRelevance, ogpValues
    case additionalInformation, infoBudget, infoProgrammes, infoDevelopmentPlan, infoSDGs, infoOther
    case contactName, contactTitle, contactEmailPhone, stateActors, nonStateActors, responsiblePerson, titleMinistry
    case results, resultsDescription, nextSteps, milestoneStatus, evidenceItem
    // Dashboard
    case dashboardTitle, skipToContent, navLabel, navOverview, navTimeline, navCalendar, navMinistries, navOpenData
    case generatedAsOf, openDataNote, planPeriod, pointOfContact, reportDate
    case figCommitments, figMilestonesDone, figOverdue, figRAG, figConflicts
    case ragRuleHeading, ragRule, chartsHeading, chartCommitments, chartMilestones, chartRAG, overdueLabel
    case commitmentsHeading, milestonesDone, noProgressRecord, timelineHeading, timelineNote, ganttLegend
    case overdueHeading, noneOverdue, noDelayReason, overdueBy
    case conflictsHeading, conflictsNote, noConflicts
    case freshnessHeading, freshnessSummary, freshnessRule, seeMinistries, staleFlag, lastReport, lastRecordChange
    case freshChanged, freshNever, freshNoChangeSince, freshUnknown, freshNotLeading
    case unreadableHeading, unreadableNote, unknownMinistry
    case templateHeading, progressHeading, evidenceHeading, noEvidence, evidenceMissing, evidenceDownloadRule, evidenceDownload
    case historyHeading, noHistory, historyCapped
    case ministriesHeading, commitmentsLed, commitmentsInvolved
    // Calendar page
    case calEvent, calStatus, calPlanDeadline, calImplementation, calCovers18, calShort18, calEndOfImplementation
    case calEndMatches, calEndDiffers, calAmendment, calIRMReport, calConsultation, calConsultationNote, calNextPlan
    case calYearGroup, calGroupMismatch, calRulesHeading, calRuleLate, calRule4, calRule6, calRule18, calRuleDue
    case deliveredOn, dueIn, notDelivered, daysLateCount
    // Self-assessment (manual §7 II)
    case saDraftNote, saIntroFacts, saCommitmentCount, saSubmitted, saNonStateActors, saSummaryTable
    case saNotInRecords, saSolutionMissing, saRelevanceMissing, saResultsMissing, saNextStepsMissing
    case saNoProgress, saOptionalInfo, saActual, saStateActors
    case sa1, sa1Guide, sa2, sa2A, sa2AGuide, sa2B, sa2BGuide, sa2C, sa2CGuide, sa3, sa3Guide, sa4, sa4Guide
    case sa5, sa5Guide, sa6, sa6Guide, sa7, sa7A, sa7AGuide, sa7B, sa7BGuide, sa7C, sa7CGuide, sa7D, sa7DGuide
    // Stale translations (docs/RECORDS.md, "Translations that went stale")
    case staleTranslation, staleTranslationNote
    // How a sentence joins the items of a list ("a; b" / "a ; b")
    case listJoin
    // Reporting periods (keys `periods.report.<rest>`: that work's own block of the catalogue)
    case periodsHeading, periodsNone, periodsColumn, periodsNow, periodsWas, periodsChanges, periodsNoChange, periodsNext
    case periodsCovers, periodsCoveredClosed, periodsCoveredOpen

    /// The catalogue key.
    var key: String {
        rawValue.hasPrefix("periods") ? "periods.report." + rawValue.dropFirst("periods".count).lowercased() : "report." + rawValue
    }
}

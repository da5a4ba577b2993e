"""The rules of checklists and inspections, as errors (the base classes are in domain/core/errors.py).

ChecklistItemsInvalidError          InvalidCommandError     item ids unique within a checklist version
FindingInvalidError                 InvalidCommandError     one finding per item; a failed item cites evidence
InspectionSourceMissingError        InvalidCommandError     a complaint-triggered inspection cites the complaint
ChecklistKindMismatchError          LedgerRuleError         a checklist is for one kind of supervised subject
ChecklistCategoriesMissingError     LedgerRuleError
InspectionStageError                LedgerRuleError         Planned -> ... -> Published -> Closed, in order
InspectionStepDateError             LedgerRuleError         each step is dated on or after the step before
AtLeastTwoInspectorsError           LedgerRuleError         at least two inspectors act together [art. 42]
InspectorConflictError              LedgerRuleError         a conflicted inspector steps aside 回避 [art. 43]
InspectorNotActiveError             LedgerRuleError         only active inspectors are assigned
InspectorAssignmentError            LedgerRuleError         assigned once; only assigned inspectors act
FindingNotOnChecklistError          LedgerRuleError         findings follow the inspection's checklist version
FindingsIncompleteError             LedgerRuleError         every checklist item has a finding before the result
ResultInconsistentError             LedgerRuleError         a compliant result has no failed item
NoShortcomingError                  LedgerRuleError         rectification and referral follow a shortcoming
AlreadyPublishedError               LedgerRuleError         a result is published once
InspectionNotSettledError           LedgerRuleError         closed only when published and followed up
InspectionAnnulledError             LedgerRuleError         nothing proceeds on an annulled inspection
"""

from __future__ import annotations

from domain.core.errors import InvalidCommandError, LedgerRuleError


class ChecklistItemsInvalidError(InvalidCommandError):
    rule = "ChecklistItemIdsUnique"
    zh = "同一版本清单内的事项编号须唯一"
    field = "items"


class FindingInvalidError(InvalidCommandError):
    rule = "FindingsWellFormed"
    zh = "每一事项只能有一项认定，不合格事项须附证据"
    field = "findings"


class InspectionSourceMissingError(InvalidCommandError):
    rule = "ComplaintInspectionCitesComplaint"
    zh = "投诉引发的检查须注明所依据的投诉"
    field = "source_ref"


class ChecklistKindMismatchError(LedgerRuleError):
    rule = "ChecklistMatchesSubjectKind"
    zh = "检查清单须适用于被检查对象的类别"


class ChecklistCategoriesMissingError(LedgerRuleError):
    rule = "AnnualInspectionCoversRequiredCategories"
    zh = "律师事务所年度检查考核清单须涵盖党建、业务、执业行为、内部管理和收费备案各类事项"


class InspectionStageError(LedgerRuleError):
    rule = "InspectionStagesInOrder"
    zh = "检查须按计划、指派、实施、结果、公示、结案的顺序进行"


class InspectionStepDateError(LedgerRuleError):
    rule = "InspectionStepsInDateOrder"
    zh = "检查各环节的日期不得早于前一环节"


class AtLeastTwoInspectorsError(LedgerRuleError):
    rule = "AtLeastTwoInspectors"
    zh = "执法检查须由两名以上执法人员共同进行（《行政处罚法》第四十二条）"


class InspectorConflictError(LedgerRuleError):
    rule = "ConflictedInspectorStepsAside"
    zh = "有利害关系的执法人员应当回避（《行政处罚法》第四十三条）"


class InspectorNotActiveError(LedgerRuleError):
    rule = "AssignOnlyActiveInspectors"
    zh = "只能指派在岗的执法检查人员"


class InspectorAssignmentError(LedgerRuleError):
    rule = "OnlyAssignedInspectorsAct"
    zh = "只能由已指派的执法人员实施检查，且每人只指派一次"


class FindingNotOnChecklistError(LedgerRuleError):
    rule = "FindingsFollowTheChecklist"
    zh = "检查发现须对应检查所用版本清单中的事项"


class FindingsIncompleteError(LedgerRuleError):
    rule = "EveryChecklistItemFound"
    zh = "记录检查结果前须对清单每一事项作出认定"


class ResultInconsistentError(LedgerRuleError):
    rule = "ResultConsistentWithFindings"
    zh = "检查结果须与各事项认定一致"


class NoShortcomingError(LedgerRuleError):
    rule = "FollowUpOnlyForShortcomings"
    zh = "只有发现问题时才可责令整改或移送处罚"


class AlreadyPublishedError(LedgerRuleError):
    rule = "PublishOnce"
    zh = "结果只能公示一次"


class InspectionNotSettledError(LedgerRuleError):
    rule = "CloseOnlyWhenSettled"
    zh = "检查结果公示并完成后续处理后方可结案"


class InspectionAnnulledError(LedgerRuleError):
    rule = "NoChangeAfterAnnulment"
    zh = "已撤销的检查不得继续办理"

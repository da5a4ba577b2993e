"""Inspections (检查): the published checklists 抽查事项清单, the inspection from planning to
closing (two inspectors, recusal, findings, result, rectification, publication)."""

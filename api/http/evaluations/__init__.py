"""Evaluation routes: integrity grades, law firms' annual results, lawyers' assessments."""

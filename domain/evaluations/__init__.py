"""Evaluations and ratings (评价): appraisal institutions' integrity grades, law firms' annual
inspection results (with the rectification cycle), lawyers' annual assessments."""

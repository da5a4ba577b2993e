"""Appeals (救济): objection, reconsideration and litigation against a result, filed within
their windows, accepted or rejected, decided (upheld, varied, annulled)."""

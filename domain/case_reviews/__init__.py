"""Case-file reviews (案卷评查): samples of an organization's case files, scored and
concluded."""

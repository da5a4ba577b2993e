"""Sanction-case routes: from opening to closing, with the notice and the hearing."""

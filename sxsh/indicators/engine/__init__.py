"""The indicator engine: definitions, scope, computation in SQL, targets and status."""

from .compute import (
    CategoryResult,
    Result,
    compute_year,
    compute_years,
    population,
)
from .definitions import CATEGORIES, DEFINITIONS
from .scope import Scope, build_scope, unit_area_ids
from .targets import Board, Status, board

__all__ = [
    "CATEGORIES", "DEFINITIONS", "Board", "CategoryResult", "Result", "Scope", "Status",
    "board", "build_scope", "compute_year", "compute_years",
    "population", "unit_area_ids",
]

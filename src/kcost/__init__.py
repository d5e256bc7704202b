"""kcost: compare the cost over time and the expected onset of ketamine therapy and SSRI/SNRI treatment.

Not medical advice: a decision aid to discuss with a licensed clinician.

>>> from kcost import load_assumptions, project
>>> result = project(load_assumptions(), ["ketamine-iv", "ssri-generic"], weeks=26)
>>> [p.plan_id for p in result.plans]
['ketamine-iv', 'ssri-generic']
"""

from .model.assumptions import (
    Assumptions,
    AssumptionsError,
    MainInputs,
    Override,
    load_assumptions,
    parse_assumptions,
)
from .model.crossover import Crossover
from .model.projection import PlanProjection, Projection, project
from .model.scenario import Insurance, PatientTime, Scenario
from .model.schedule import Schedule

__all__ = [
    "Assumptions",
    "AssumptionsError",
    "Crossover",
    "Insurance",
    "PatientTime",
    "Scenario",
    "MainInputs",
    "Override",
    "PlanProjection",
    "Projection",
    "Schedule",
    "load_assumptions",
    "parse_assumptions",
    "project",
]

"""Web pages of the reporting module (Dutch UI)."""

from .costs import CostOverviewView, ProgrammeFormView
from .dashboards import MunicipalityDashboardView, RegionDashboardView
from .index import IndexView
from .letters import (
    LetterCreateView,
    LetterDetailView,
    LetterFinaliseView,
    LetterListView,
    LetterPdfView,
    LetterPreviewView,
    LetterUpdateView,
)
from .milestones import (
    MilestoneCalendarView,
    MilestoneDetailView,
    MilestoneDocumentAddView,
    MilestoneFormView,
    WorklistView,
)
from .quickscan import MunicipalityQuickScanView, RegionQuickScanView

__all__ = [
    "CostOverviewView",
    "IndexView",
    "LetterCreateView",
    "LetterDetailView",
    "LetterFinaliseView",
    "LetterListView",
    "LetterPdfView",
    "LetterPreviewView",
    "LetterUpdateView",
    "MilestoneCalendarView",
    "MilestoneDetailView",
    "MilestoneDocumentAddView",
    "MilestoneFormView",
    "MunicipalityDashboardView",
    "MunicipalityQuickScanView",
    "RegionDashboardView",
    "RegionQuickScanView",
    "ProgrammeFormView",
    "WorklistView",
]

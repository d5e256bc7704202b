"""Page script: the analyst's assumptions workspace."""

from kcost.ui import workspace

workspace.render()

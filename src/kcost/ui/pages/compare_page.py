"""Page script: compare plans on the session's assumptions."""

from kcost.ui import compare
from kcost.ui.session import active_assumptions

compare.render(active_assumptions())

"""The model side: assumptions, schedules, charges, projections, uncertainty and sensitivity. No presentation here."""

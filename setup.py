"""Package layout that pyproject.toml cannot state on its own: the shipped data files live at the
repository root (``data/``, ``.streamlit/``), where editors, other tools and `kcost schema` expect them,
and are installed inside the package as ``kcost.data`` and ``kcost.streamlit_settings``.

Everything else about the package (name, version, dependencies, entry points) is in pyproject.toml.
"""

from setuptools import find_namespace_packages, setup

setup(
    # Namespace search: a new subpackage is picked up even if it forgets its __init__.py.
    packages=[*find_namespace_packages("src", include=["kcost", "kcost.*"]), "kcost.data", "kcost.streamlit_settings"],
    package_dir={"": "src", "kcost.data": "data", "kcost.streamlit_settings": ".streamlit"},
    package_data={
        "kcost.data": ["pricing.yaml", "pricing.schema.json"],
        "kcost.streamlit_settings": ["config.toml"],
    },
    include_package_data=False,
)

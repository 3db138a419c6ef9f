"""The ``baocao`` commands (``main`` dispatches; one module per subcommand).

Commands import anything below them: the converter's API and the site stages.
"""

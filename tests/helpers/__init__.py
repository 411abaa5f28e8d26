"""The test kit: helpers shared by the integration and browser tests (documents, council, the
demo school and its database copies). Import from the submodules."""

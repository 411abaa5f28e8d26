"""The workflow table of thidua.core.workflow: what it accepts, what it refuses and how."""

import pytest
from django.db import models

from thidua.core.actions import ActionRefused
from thidua.core.workflow import Move, Workflow


class Light(models.TextChoices):
    RED = "red", "Đỏ"
    GREEN = "green", "Xanh"
    AMBER = "amber", "Vàng"


GO = Move("lights.go", "Chỉ người điều khiển được bật đèn xanh.")
STOP = Move("lights.stop", "Chỉ người điều khiển được chuyển đèn.")


def test_a_table_lists_moves_and_their_sources():
    flow = Workflow(
        Light, {(Light.RED, Light.GREEN): GO, (Light.GREEN, Light.AMBER): STOP,
                (Light.AMBER, Light.RED): STOP, (Light.GREEN, Light.RED): STOP},
        noun="đèn",
    )  # fmt: skip
    assert flow.allows(Light.RED, Light.GREEN)
    assert not flow.allows(Light.RED, Light.AMBER)
    assert set(flow.sources(Light.RED)) == {Light.AMBER, Light.GREEN}
    with pytest.raises(ActionRefused) as refused:
        flow.require_move(Light.RED, Light.AMBER)
    assert str(refused.value) == "Không thể chuyển đèn từ trạng thái «Đỏ» sang «Vàng»."
    with pytest.raises(ActionRefused, match="^Đèn đỏ$"):
        flow.require_move(Light.RED, Light.AMBER, refused="Đèn đỏ")
    flow.require_move(Light.AMBER, Light.RED)  # listed: nothing raised


def test_every_move_into_a_state_needs_one_permission():
    """So an action may ask who may act before it reads the record's state."""
    with pytest.raises(ValueError, match="different permissions"):
        Workflow(Light, {(Light.RED, Light.GREEN): GO, (Light.AMBER, Light.GREEN): STOP},
                 noun="đèn")  # fmt: skip


def test_a_move_names_known_states():
    with pytest.raises(ValueError, match="unknown state"):
        Workflow(Light, {(Light.RED, "blue"): GO}, noun="đèn")

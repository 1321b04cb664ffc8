"""Grid filters: by state, host, account and label text; ordered by label."""

from __future__ import annotations

from dataclasses import replace

from ui.grid.grid_filter_bar import ATTENTION
from ui.grid.phone_data import PhoneState, PhoneTile, TileUpdate
from ui.grid.phone_model import PhoneListModel, PhoneRole
from ui.grid.phone_proxy import GridFilter, PhoneFilterProxy

FLEET = [
    PhoneTile("S1", PhoneState.RUNNING, label="B排-02", host="pc-1", account="猫咪日常"),
    PhoneTile("S2", PhoneState.IDLE, label="A排-01", host="pc-2", account="city_walker"),
    PhoneTile("S3", PhoneState.OFFLINE, label="Shelf C1", host="pc-1", rack_slot="1-1.4"),
    PhoneTile("S4", PhoneState.ERROR, label="A排-03", host="pc-2"),
    PhoneTile("S5", PhoneState.RUNNING, label="", host="pc-1", account="city_walker"),
]


def shown(proxy: PhoneFilterProxy) -> list[str]:
    return [proxy.index(row, 0).data(PhoneRole.SERIAL) for row in range(proxy.rowCount())]


def make() -> tuple[PhoneListModel, PhoneFilterProxy]:
    model = PhoneListModel()
    model.set_tiles(FLEET)
    proxy = PhoneFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(0)
    return model, proxy


def test_proxy_passes_the_model_tester(qtmodeltester):
    _model, proxy = make()
    qtmodeltester.check(proxy)
    proxy.set_grid_filter(GridFilter(host="pc-1"))
    proxy.set_grid_filter(GridFilter())


def test_no_filter_shows_every_phone_ordered_by_label_then_serial():
    _model, proxy = make()
    assert shown(proxy) == ["S2", "S4", "S1", "S5", "S3"]  # "S5" has no label: its serial


def test_each_part_of_the_filter():
    _model, proxy = make()
    proxy.set_grid_filter(GridFilter(states=frozenset({PhoneState.RUNNING})))
    assert sorted(shown(proxy)) == ["S1", "S5"]
    proxy.set_grid_filter(GridFilter(states=ATTENTION))
    assert sorted(shown(proxy)) == ["S3", "S4"]
    proxy.set_grid_filter(GridFilter(host="pc-2"))
    assert sorted(shown(proxy)) == ["S2", "S4"]
    proxy.set_grid_filter(GridFilter(account="city_walker"))
    assert sorted(shown(proxy)) == ["S2", "S5"]
    proxy.set_grid_filter(GridFilter(text="a排"))
    assert sorted(shown(proxy)) == ["S2", "S4"]
    proxy.set_grid_filter(GridFilter(text="1-1.4"))
    assert shown(proxy) == ["S3"]
    proxy.set_grid_filter(GridFilter(text="猫咪"))
    assert shown(proxy) == ["S1"]


def test_parts_combine():
    _model, proxy = make()
    proxy.set_grid_filter(
        GridFilter(states=frozenset({PhoneState.RUNNING}), host="pc-1", account="city_walker")
    )
    assert shown(proxy) == ["S5"]


def test_a_phone_that_changes_state_enters_and_leaves_the_filtered_grid():
    model, proxy = make()
    proxy.set_grid_filter(GridFilter(states=ATTENTION))
    model.apply_updates([TileUpdate("S1", replace(FLEET[0], state=PhoneState.UNAUTHORIZED))])
    model.apply_updates([TileUpdate("S4", replace(FLEET[3], state=PhoneState.IDLE))])
    model.flush()
    assert sorted(shown(proxy)) == ["S1", "S3"]


def test_an_empty_filter_says_so():
    assert GridFilter().is_empty
    assert GridFilter(text="  ").is_empty
    assert not GridFilter(host="pc-1").is_empty

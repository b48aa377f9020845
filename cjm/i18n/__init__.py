"""How cjm writes what it adds around a map's own text: numbers, percents, dates (and labels)."""

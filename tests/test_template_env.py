"""The vendors' Jinja environment gives what a stock ``jinja2.Environment`` gives."""

from __future__ import annotations

import jinja2
import pytest

from mpls_interop.sdk.spec import _environment_class

TEMPLATE = ("{{ d.name }} {{ d.items is callable }} {{ d.nested.x }} {{ o.real }} {{ l.append is defined }}"
            "{% for k in d.keys() | sort %} {{ k }}{% endfor %}")


def _both(**kw) -> list[jinja2.Environment]:
    return [jinja2.Environment(**kw), _environment_class()(**kw)]


def test_dict_keys_methods_and_objects_render_the_same():
    data = {"d": {"name": "p00", "items": [1], "nested": {"x": 5}}, "o": 3, "l": []}
    stock, ours = (env.from_string(TEMPLATE).render(**data) for env in _both(undefined=jinja2.StrictUndefined))
    assert ours == stock == "p00 True 5 3 True items name nested"


@pytest.mark.parametrize("expr", ["d.missing", "d.nested.missing", "o.missing"])
def test_a_missing_key_is_undefined_as_before(expr):
    data = {"d": {"nested": {}}, "o": 3}
    messages = []
    for env in _both(undefined=jinja2.StrictUndefined):
        with pytest.raises(jinja2.UndefinedError) as info:
            env.from_string("{{ " + expr + " }}").render(**data)
        messages.append(str(info.value))
    assert messages[0] == messages[1]
    lenient = [env.from_string("[{{ " + expr + " }}]").render(**data) for env in _both()]
    assert lenient == ["[]", "[]"]


def test_a_dict_subclass_keeps_jinjas_own_lookup():
    class Attr(dict):
        name = "attribute"

    for env in _both():
        assert env.from_string("{{ d.name }}").render(d=Attr(name="key")) == "attribute"

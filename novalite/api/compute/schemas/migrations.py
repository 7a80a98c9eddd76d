"""Query schemas of GET /os-migrations (Nova's schemas/migrations.py): any parameter is
let through below 2.59; from 2.59 only the known ones (others are a 400)."""
import copy

_single = {'type': 'string'}
_common = {'type': 'string'}

LIST_V20 = {
    'type': 'object',
    'properties': {name: _common for name in (
        'hidden', 'host', 'instance_uuid', 'source_compute', 'status', 'migration_type')},
    'additionalProperties': True,
}
LIST_V259 = copy.deepcopy(LIST_V20)
LIST_V259['properties'].update({
    'limit': {'type': 'string', 'pattern': '^[0-9]+$'},
    'marker': _single,
    'changes-since': {'type': 'string', 'format': 'date-time'},
})
LIST_V259['additionalProperties'] = False
LIST_V266 = copy.deepcopy(LIST_V259)
LIST_V266['properties']['changes-before'] = {'type': 'string', 'format': 'date-time'}
LIST_V280 = copy.deepcopy(LIST_V266)
LIST_V280['properties'].update({'user_id': _single, 'project_id': _single})

"""``revision-if-match``: ``If-Match: revision_number=N`` on PUT and DELETE of a resource
with a revision -> 412 RevisionNumberConstraintFailed when the resource is at another one.

The check compares with the resource as read at the start of the request (Neutron compares
inside the flush of the update); a concurrent writer between the two is not caught.
"""
from novalite import exception_network as errors


def requested(req):
    """The N of ``If-Match: revision_number=N``, or None (Neutron's parsing and messages)."""
    number = None
    for etag in getattr(req.if_match, 'etags', None) or []:
        if not etag.startswith('revision_number='):
            continue
        if number is not None:
            raise errors.IfMatchBadRequest(msg='Multiple revision_number etags are not '
                                               'supported.')
        try:
            number = int(etag.split('revision_number=')[1])
        except ValueError:
            raise errors.IfMatchBadRequest(msg='Revision number etag must be in the format '
                                               'of revision_number=<int>')
    return number


def check(req, item):
    wanted = requested(req)
    if wanted is not None and item.get('revision_number') != wanted:
        raise errors.RevisionNumberConstraintFailed(expected=wanted,
                                                    current=item.get('revision_number'))

"""The image service as compute sees it (Nova's nova.image.glance), over REST."""
from novalite import exception
from novalite import service_client


class ImageAPI(service_client.Client):
    service_type = 'image'
    service_name = 'image'

    def get(self, image_id, context=None):
        """The image record; with a context, as that user sees it (404 -> ImageNotFound)."""
        return self.request('GET', '/v2/images/%s' % image_id, context=context,
                            not_found=exception.ImageNotFound(image_id=image_id))

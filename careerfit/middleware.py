from django.shortcuts import render


class MethodNotAllowedPage:
    """Give a page, not a blank screen, to a GET on an address that only takes a form's POST.

    People open such addresses from their history or a bookmark (log out, hide a note).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and request.method == "GET" and not response.content:
            page = render(request, "405.html", status=405)
            page["Allow"] = response["Allow"]
            return page
        return response

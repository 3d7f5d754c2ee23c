"""The user's API tokens (/accounts/tokens/): list, create (the token is shown once), revoke."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .decorators import authenticated
from .models import ApiToken
from .tokens import issue_token, revoke_token, tokens_of


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Tên gợi nhớ"),
        max_length=100,
        help_text=gettext_lazy("Khóa dùng để làm gì, ví dụ “Kết nối hệ thống thống kê của Sở”."),
    )
    access = forms.ChoiceField(
        label=gettext_lazy("Quyền của khóa"),
        choices=[("read", gettext_lazy("Chỉ đọc")), ("write", gettext_lazy("Đọc và ghi"))],
        initial="read",
        widget=forms.RadioSelect,
        help_text=gettext_lazy("Khóa không bao giờ có nhiều quyền hơn tài khoản của bạn."),
    )


def _page(request, form, new_token=None, status=200):
    context = {"form": form, "tokens": tokens_of(request.user), "new_token": new_token}
    return render(request, "accounts/tokens.html", context, status=status)


@authenticated
def token_list(request):
    if request.method != "POST":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            token, text = issue_token(
                request.user,
                name=form.cleaned_data["name"],
                read_only=form.cleaned_data["access"] == "read",
                actor=request.user,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            # Rendered, not redirected: the token text exists only in this response.
            response = _page(request, TokenForm(), new_token={"token": token, "text": text})
            response["Cache-Control"] = "no-store"
            return response
    return _page(request, form)


def _own_token(request, pk) -> ApiToken:
    token = ApiToken.objects.filter(user=request.user, pk=pk).first()
    if token is None:
        raise Http404
    return token


@authenticated
def token_revoke(request, pk):
    token = _own_token(request, pk)
    if request.method == "POST":
        revoke_token(token, actor=request.user)
        messages.success(request, _("Đã thu hồi khóa “%(name)s”; khóa này không dùng được nữa.") % {"name": token.name})
        return redirect("tokens:list")
    return render(request, "accounts/tokens_confirm_revoke.html", {"token": token})

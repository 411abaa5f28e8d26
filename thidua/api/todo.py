"""The token owner's "Việc cần làm": the items the home page lists for the same account, computed
when read (thidua.todo.items), the most urgent first."""

from datetime import date

from ninja import Field, Router, Schema

from thidua.api.common import LIST_ERRORS
from thidua.todo.items import todo_for

router = Router(tags=["Việc cần làm"])


class TodoItemOut(Schema):
    kind: str = Field(description="Loại việc (mã), như thuộc tính data-kind của trang chủ.")
    text: str = Field(description="Việc cần làm, như trang chủ ghi.")
    url: str = Field(description="Đường dẫn của màn hình nơi làm việc đó (trên trang web).")
    due: date | None = Field(description="Hạn (không có hạn: null).")
    days_left: int | None = Field(description="Số ngày còn lại đến hạn (âm: đã quá hạn).")
    when: str = Field(description="Hạn viết như trang chủ: «hạn 31/03/2022, còn 5 ngày»; không "
                      "có hạn: chuỗi rỗng.")  # fmt: skip


@router.get("/todo", response={200: list[TodoItemOut], 401: LIST_ERRORS[401],
            429: LIST_ERRORS[429]}, summary="Việc cần làm của tài khoản",
            operation_id="list_todo", url_name="list_todo")  # fmt: skip
def list_todo(request):
    """Những việc khối «Việc cần làm» của trang chủ liệt kê cho chính tài khoản của khóa, theo
    cùng thứ tự: việc có hạn trước (hạn sớm trước), rồi những việc không có hạn."""
    return [
        {"kind": item.kind, "text": item.text, "url": item.url, "due": item.due,
         "days_left": item.days_left, "when": item.when}
        for item in todo_for(request.user)
    ]  # fmt: skip

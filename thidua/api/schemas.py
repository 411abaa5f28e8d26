"""What the API returns: plain records, the codes of thidua with their Vietnamese names."""

from datetime import date, datetime

from ninja import Field, Schema


class OrganizationOut(Schema):
    id: int
    name: str = Field(description="Tên cơ quan.")
    abbreviation: str = Field(description="Tên viết tắt (dùng trong ký hiệu văn bản).")
    parent_body: str = Field(description="Cơ quan cấp trên.")
    place_name: str = Field(description="Địa danh ghi ngày tháng.")


class UnitOut(Schema):
    id: int
    organization_id: int
    parent_id: int | None = Field(description="Đơn vị cấp trên; null nếu trực thuộc cơ quan.")
    name: str
    kind: str = Field(description="Loại đơn vị (mã).")
    kind_name: str = Field(description="Loại đơn vị (tên).")
    position: int = Field(description="Thứ tự hiển thị.")


class AssignmentOut(Schema):
    unit_id: int
    unit_name: str
    started_on: date
    ended_on: date | None = Field(description="null: đang công tác ở đơn vị này.")


class PersonOut(Schema):
    id: int
    organization_id: int
    staff_code: str = Field(description="Mã cán bộ.")
    full_name: str
    family_and_middle: str = Field(description="Họ và tên đệm.")
    given: str = Field(description="Tên.")
    gender: str = Field(description="M (nam) hoặc F (nữ).")
    birth_date: date | None
    academic_title: str = Field(description="Học hàm, học vị.")
    position: str = Field(description="Chức vụ.")
    category: str = Field(description="Ngạch, loại (mã); rỗng nếu chưa ghi.")
    party_member: bool
    union_member: bool
    hired_on: date | None = Field(description="Ngày vào làm việc.")
    left_on: date | None = Field(description="Ngày thôi việc.")
    personal_id: str | None = Field(
        description="Số định danh cá nhân; null với người không được xem (chỉ Thường trực Hội "
        "đồng và quản trị hệ thống xem)."
    )
    current_unit_id: int | None
    assignments: list[AssignmentOut] = Field(description="Quá trình công tác, mới nhất trước.")


class AwardOut(Schema):
    id: int
    organization_id: int
    person_id: int | None = Field(description="Cán bộ được khen; null nếu là tập thể.")
    unit_id: int | None = Field(
        description="Tập thể được khen; null nếu là cá nhân hoặc cả cơ quan."
    )
    subject_name: str = Field(description="Tên cán bộ, tập thể hoặc cơ quan được khen.")
    year: int = Field(description="Năm được khen.")
    code: str = Field(description="Mã danh hiệu, hình thức.")
    code_name: str
    occasion: str = Field(description="Dịp khen; trống: khen cả năm.")
    kind: str = Field(
        description="danh_hieu (danh hiệu thi đua) hoặc hinh_thuc (hình thức khen thưởng)."
    )
    body: str = Field(
        description="Cấp quyết định (mã): school, union, province, academy, government."
    )
    body_name: str
    source: str = Field(
        description="own (quyết định của cơ quan), higher (của cấp trên), register (ghi vào sổ)."
    )
    decision_number: str
    decided_on: date
    issued_by: str = Field(description="Cơ quan, người quyết định.")
    revoked_on: date | None
    revocation_reason: str
    changed_at: datetime = Field(description="Lần ghi cuối.")


class OrganizationPage(Schema):
    items: list[OrganizationOut]
    next_cursor: str | None = Field(
        description="Gửi lại trong «cursor» để lấy trang sau; null: hết."
    )


class UnitPage(Schema):
    items: list[UnitOut]
    next_cursor: str | None


class PersonPage(Schema):
    items: list[PersonOut]
    next_cursor: str | None


class AwardPage(Schema):
    items: list[AwardOut]
    next_cursor: str | None

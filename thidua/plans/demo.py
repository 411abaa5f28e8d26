"""The seed's plan: "Kế hoạch triển khai phong trào thi đua năm 2022", no. 3-KH/TCTTP.

Every field, content item and target of shared/seed/000_804e75c9d431f90a.txt, word for word
(shared/domain/plan-2022.md reads it as a specification), with each target's measure as data.
"""

from datetime import date
from decimal import Decimal

from thidua.accounts.models import Role, User
from thidua.organization.models import Organization, Person
from thidua.plans.actions import do_save_plan
from thidua.plans.models import (
    ContentItem,
    LegalBasis,
    Measure,
    Movement,
    MovementKind,
    Phase,
    Plan,
    Target,
)

PURPOSES = [
    "Động viên đội ngũ cán bộ, viên chức và người lao động đoàn kết, năng động, sáng tạo, hăng hái thi đua yêu nước, đổi mới công tác quản lý, dạy tốt, học tốt và phục vụ tốt; rèn luyện đạo đức, nâng cao năng lực công tác, tự học và sáng tạo trong các hoạt động đào tạo, bồi dưỡng, phấn đấu hoàn thành tốt nhiệm vụ năm 2022, góp phần thực hiện thắng lợi mục tiêu phát triển kinh tế - xã hội của tỉnh.",
    "Tạo bước chuyển biến tích cực về đạo đức, lối sống, phong cách làm việc; ý thức chấp hành chủ trương, chính sách của Đảng, pháp luật của Nhà nước; nâng cao ý thức trách nhiệm, hết lòng, hết sức phụng sự Tổ quốc, phục vụ nhân dân trong đội ngũ cán bộ, viên chức và người lao động; đẩy lùi những biểu hiện suy thoái về tư tưởng chính trị, đạo đức, lối sống, nhằm thực hiện thắng lợi nhiệm vụ năm 2022.",
    "Tạo khí thế sôi nổi trong hoạt động của nhà trường, làm cho phong trào thi đua được sâu rộng, đều khắp, hoàn thành xuất sắc các nhiệm vụ chính trị được giao.",
]  # fmt: skip

CONTENT = [
    "Xác định các nhiệm vụ trọng tâm của nhà trường để tập trung nguồn lực triển khai thực hiện thắng lợi các nhiệm vụ được giao, như: Triển khai xây dựng Trường Chính trị Trần Phú đạt chuẩn; hoàn thành xuất sắc các nhiệm vụ đào tạo, bồi dưỡng, nghiên cứu khoa học, kế hoạch biên soạn giáo trình, tài liệu bồi dưỡng cán bộ xây dựng nông thôn mới theo Nghị quyết số 04-NQ/TU, ngày 15/7/2021 của Ban Chấp hành Đảng bộ tỉnh về tập trung lãnh đạo, chỉ đạo thực hiện Đề án “Thí điểm xây dựng tỉnh Hà Tĩnh đạt chuẩn nông thôn mới, giai đoạn 2021-2025. Tích cực học tập nâng cao trình độ chuyên môn, nghiệp vụ, đổi mới căn bản và nâng cao hiệu quả công tác quản lý năm 2022. Tăng cường công tác bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch...khẳng định và phát huy vị thế, vai trò của Trường Chính trị Trần Phú",
    "Mỗi cán bộ, viên chức cần phát huy cao độ tinh thần đoàn kết, trách nhiệm trong thực hiện các phong trào thi đua “Lao động giỏi”, “Lao động sáng tạo”, “Người tốt, việc tốt”, “Dạy tốt, học tốt”, “Giỏi việc trường, đảm việc nhà”; không ngừng tu dưỡng, rèn luyện và thực hiện tốt đạo đức nghề nghiệp; triển khai có hiệu quả Kết luận số 01-KL/TW, ngày 18/5/2021 về tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị “về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh” gắn phát huy vai trò, trách nhiệm nêu gương của cán bộ, đảng viên; tăng cường công tác kiểm tra, giám sát, kỷ luật Đảng; kiên quyết đấu tranh phòng, chống tham nhũng, tiêu cực; ngăn chặn, đẩy lùi sự suy thoái về tư tưởng chính trị, đạo đức, lối sống, những biểu hiện “tự diễn biến”, “tự chuyển hóa” trong nội bộ. Gắn với thực hiện Kết luận số 29-KL/TU, ngày 22/7/2021 của Ban Thường vụ Tỉnh ủy về “Tiếp tục siết chặt kỷ luật, kỷ cương hành chính, nâng cao đạo đức công vụ trong cán bộ, công chức, viên chức và cán bộ, chiến sỹ lực lượng vũ trang, đáp ứng yêu cầu nhiệm vụ”; Chỉ thị số 17-CT/TU, ngày 28/12/2021 của Ban Thường vụ Tỉnh ủy về “Tăng cường sự lãnh đạo của Đảng trong xây dựng văn hóa công sở, văn hóa doanh nghiệp”",
    "Tăng cường kỷ luật, kỷ cương trong quản lý, giảng dạy, học tập, nghiên cứu, phục vụ, đổi mới phương thức quản lý học viên vừa thực hiện nghiêm quy định “thích ứng an toàn, linh hoạt, kiểm soát hiệu quả dịch Covid-19” vừa bảo đảm nâng cao chất lượng, hiệu quả học tập lý luận chính trị.",
    "Phát huy tinh thần nêu gương của cán bộ, đảng viên, học viên, trước hết các đồng chí trong Đảng ủy, Ban Giám hiệu, trưởng, phó các khoa, phòng, đến mỗi cán bộ, viên chức trong việc xây dựng phong cách cán bộ trường Đảng trung thành, sáng tạo, cống hiến vì sự nghiệp đào tạo và nghiên cứu lý luận chính trị.",
    "Luôn luôn sáng tạo, đổi mới trong các mặt công tác, đẩy mạnh ứng dụng công nghệ thông tin trong nghiên cứu, quản lý, giảng dạy, phục vụ. Phối hợp tổ chức thực hiện có hiệu quả các cuộc vận động tuyên truyền thực hiện tốt phong trào “Toàn dân đoàn kết, xây dựng đời sống văn hóa”, “Xây dựng nếp sống văn hóa nơi công sở”. Tổ chức tốt các hoạt động văn hóa, thể thao chào mừng các ngày lễ lớn trong năm 2021.",
    "Đẩy mạnh các hoạt động chăm lo đời sống vật chất và tinh thần cho đội ngũ cán bộ, công chức, viên chức và người lao động với các hình thức phong phú, thiết thực; tích cực tham các hoạt động “Đền ơn đáp nghĩa”, “Xã hội từ thiện”, thăm hỏi, tặng quà, động viên cán bộ và gia đình chính sách có hoàn cảnh khó khăn.",
    "Tham gia các hoạt động do cụm trường cụm thi đua số 5 phát động và bình xét các danh hiệu thi đua, khen thưởng do cụm trường tổ chức",
]  # fmt: skip

MOVEMENTS = [
    ("Lao động giỏi", MovementKind.REGULAR),
    ("Lao động sáng tạo", MovementKind.REGULAR),
    ("Người tốt, việc tốt", MovementKind.REGULAR),
    ("Dạy tốt, học tốt", MovementKind.REGULAR),
    ("Giỏi việc trường, đảm việc nhà", MovementKind.REGULAR),
    ("Toàn dân đoàn kết, xây dựng đời sống văn hóa", MovementKind.CAMPAIGN),
    ("Xây dựng nếp sống văn hóa nơi công sở", MovementKind.CAMPAIGN),
    ("Đền ơn đáp nghĩa", MovementKind.CAMPAIGN),
    ("Xã hội từ thiện", MovementKind.CAMPAIGN),
]

QUALITATIVE = [
    ("a) Về đào tạo, bồi dưỡng",
     "Hoàn thành tốt kế hoạch đào tạo, bồi dưỡng năm 2022.\n"
     "Đáp ứng đầy đủ giáo trình, tài liệu giảng dạy, học tập."),
    ("b) Về nghiên cứu khoa học", "Hoàn thành kế hoạch nghiên cứu khoa học năm 2022"),
    ("c) Công tác tuyên truyền, giáo dục",
     "Làm tốt công tác giáo dục đạo đức, pháp luật, chấp hành nội quy, quy chế đối với cán bộ, "
     "viên chức và người lao động; phấn đấu không có cán bộ, viên chức và người lao động vi phạm "
     "pháp luật."),
    ("d) Đào tạo, bồi dưỡng cán bộ, viên chức",
     "Tiếp tục tạo điều kiện cho 01 viên chức nghiên cứu sinh; cử 1-2 viên chức học cao cấp lý "
     "luận chính trị.\n"
     "Cử cán bộ, viên chức tham gia các khóa bồi dưỡng, tập huấn do Học viện, các bộ ngành Trung "
     "ương tổ chức"),
    ("e) Thi đua, khen thưởng",
     "Xây dựng, nhân rộng mô hình, gương điển hình tiên tiến giai đoạn 2021-2025."),
]  # fmt: skip

F = "f) Chỉ tiêu thi đua"
# (text as written, measure, population, title, grade, comparison, goal, goal_max)
QUANTITATIVE = [
    ("100% khoa, phòng tổ chức hưởng ứng phong trào thi đua yêu nước, triển khai kế hoạch thi đua năm 2022 của nhà trường và của đơn vị.",
     Measure.ENTERED_SHARE, "units", "", "", "gte", 100, None),
    ("100% khoa, phòng và cá nhân thực hiện nghiêm kỷ luật công tác, phát ngôn; các quy chế, quy định của Học viện, của Tỉnh và nhà trường.",
     Measure.NO_DISCIPLINE_SHARE, "collectives", "", "", "gte", 100, None),
    ("100% tập thể, cá nhân đăng ký danh hiệu thi đua.",
     Measure.REGISTERED_SHARE, "collectives", "", "", "gte", 100, None),
    ("Có từ 90% cán bộ, viên chức trở lên đạt danh hiệu “lao động tiên tiến” .",
     Measure.TITLE_SHARE, "staff", "LDTT", "", "gte", 90, None),
    ("Có ít nhất 01 tập thể khoa/phòng đạt danh hiệu Tập thể lao động xuất sắc.",
     Measure.TITLE_COUNT, "units", "TTLDXS", "", "gte", 1, None),
    ("Có ít nhất 01 tập thể khoa/phòng được Chủ tịch UBND tỉnh tặng Bằng khen.",
     Measure.TITLE_COUNT, "units", "BK_TINH", "", "gte", 1, None),
    ("Có trên 15% cán bộ, viên chức đạt danh hiệu Chiến sĩ thi đua cấp cơ sở.",
     Measure.TITLE_SHARE, "staff", "CSTD_CS", "", "gt", 15, None),
    ("Có từ 01-02 cán bộ, viên chức đạt chiến sĩ thi đua cấp tỉnh.",
     Measure.TITLE_COUNT, "staff", "CSTD_TINH", "", "range", 1, 2),
    ("Có trên 10% cán bộ, viên chức, nhân viên, người lao động được tặng bằng khen Chủ tịch UBND tỉnh",
     Measure.TITLE_SHARE, "staff", "BK_TINH", "", "gt", 10, None),
    ("100% giảng viên có sáng kiến kinh nghiệm, giải pháp khoa học, viết bài Thông tin Lý luận và Thực tiễn, giáo trình bài giảng.",
     Measure.EVIDENCE_SHARE, "lecturers", "", "", "gte", 100, None),
    ("Đảng bộ hoàn thành xuất sắc nhiệm vụ.",
     Measure.GRADE, "party_committee", "", "HTXS", "", None, None),
    ("Trường Chính trị Trần Phú đạt danh hiệu Tập thể lao động xuất sắc.",
     Measure.TITLE_HELD, "organization", "TTLDXS", "", "", None, None),
    ("Công đoàn Trường Chính trị Trần Phú đạt danh hiệu Công đoàn cơ sở xuất sắc.",
     Measure.TITLE_HELD, "union", "CDCS_VM", "", "", None, None),
    ("100% nữ CBVC đạt danh hiệu “Giỏi việc trường, đảm việc nhà”.",
     Measure.TITLE_SHARE, "women", "GVT_DVN", "", "gte", 100, None),
]  # fmt: skip

ORGANIZATION_SECTION = [
    "Hội đồng Thi đua, Khen thưởng xây dựng kế hoạch chi tiết cụ thể từng đợt thi đua và triển khai tới các đơn vị. Thời gian thực hiện bắt đầu từ tháng 01 đến tháng 12/2022. Thời gian tổng kết phong trào thi đua vào 30/12/2022.",
    "Lãnh đạo các khoa, phòng tổ chức quán triệt nội dung thi đua, yêu cầu toàn thể cán bộ, viên chức và người lao động tham gia đầy đủ, nhiệt tình các hoạt động đoàn thể của đơn vị nói riêng và của Nhà trường nói chung.",
    "Kết thúc mỗi đợt thi đua Hội đồng TĐ-KT sẽ có hướng dẫn tổng kết, đánh giá, biểu dương khen thưởng những tập thể, cá nhân có thành tích xuất sắc trong các đợt thi đua.",
]  # fmt: skip

RECIPIENTS = [
    "Ban TĐ-KT Tỉnh (báo cáo),",
    "Ban TĐ-KT Học viện CTQG,",
    "Khối thi đua Các cơ quan Đảng,",
    "Đảng ủy, Ban Giám hiệu,",
    "HĐĐKT trường,",
    "Các khoa, phòng,",
    "Các Tổ công đoàn,",
    "Lưu VT, TĐKT Trường.",
]


def load_plan_2022(organization: Organization) -> Plan:
    """Create the seed's 2022 plan for the demo school (once)."""
    existing = Plan.objects.filter(organization=organization, year=2022).first()
    if existing is not None:
        return _seed_calendar(existing)
    plan = Plan.objects.create(
        organization=organization,
        year=2022,
        number="3",
        symbol="KH/TCTTP",
        place="Hà Tĩnh",
        issued_on=date(2022, 3, 8),
        title="Triển khai phong trào thi đua năm 2022",
        slogan="“Trọng tâm – Trách nhiệm - Kỷ cương – Nêu gương - Sáng tạo”",
        preamble=(
            "Thực hiện Văn bản số 1791 - CV/HVCTQG, ngày 25/02/2022 của Học viện Chính trị quốc "
            "gia Hồ Chí Minh về việc xây dựng kế hoạch triển khai phong trào thi đua và tổ chức "
            "hoạt động của cụm thi đua các trường chính trị cấp tỉnh, trường bộ, ngành năm 2022. "
            "Trường Chính trị Trần Phú xây dựng kế hoạch phát động phong trào thi đua năm 2022, "
            "như sau:"
        ),
        purposes="\n".join(PURPOSES),
        theme=(
            "Hưởng ứng phong trào thi đua năm 2022 Trường Chính trị Trần Phú triển khai đến toàn "
            "thể cán bộ, viên chức, người lao động để thực hiện với chủ đề “ Đoàn kết, trọng tâm, "
            "trách nhiệm, kỷ cương, nêu gương, chủ động, sáng tạo, vượt khó thi đua hoàn thành "
            "nhiệm vụ”"
        ),
        organization_section="\n".join(ORGANIZATION_SECTION),
        proposed_titles=["CO_HV", "CO_CP"],
        proposed_forms=["BK_TINH", "BK_HV"],
        signer_title="HIỆU TRƯỞNG",
        signer=Person.objects.filter(organization=organization, position="Hiệu trưởng").first(),
        recipients="\n".join(RECIPIENTS),
        registration_deadline=date(2022, 3, 31),
    )
    LegalBasis.objects.create(
        plan=plan,
        position=1,
        text="Văn bản số 1791-CV/HVCTQG, ngày 25/02/2022 của Học viện Chính trị quốc gia Hồ "
        "Chí Minh",
    )
    ContentItem.objects.bulk_create(
        ContentItem(plan=plan, position=i, text=text) for i, text in enumerate(CONTENT, 1)
    )
    Movement.objects.bulk_create(
        Movement(plan=plan, position=i, name=name, kind=kind)
        for i, (name, kind) in enumerate(MOVEMENTS, 1)
    )
    Phase.objects.create(
        plan=plan,
        position=1,
        name="Phong trào thi đua năm 2022",
        starts_on=date(2022, 1, 1),
        ends_on=date(2022, 12, 30),
        review_on=date(2022, 12, 30),
    )
    _seed_calendar(plan)
    targets = [
        Target(plan=plan, position=i, group=group, text=text, measure=Measure.QUALITATIVE)
        for i, (group, text) in enumerate(QUALITATIVE, 1)
    ]
    targets += _quantitative_targets(plan, QUANTITATIVE, group=F, first=len(targets) + 1)
    # How the year went, as the secretary recorded it: the qualitative targets and the one
    # share that thidua cannot count (units that adopted their own plan).
    done = {
        "a)": "Báo cáo tổng kết năm học 2022: hoàn thành 100% kế hoạch đào tạo, bồi dưỡng.",
        "b)": "Nghiệm thu 5/5 đề tài cấp cơ sở năm 2022.",
        "c)": "Không có cán bộ, viên chức vi phạm pháp luật (báo cáo của Phòng TC-HC).",
        "d)": "01 nghiên cứu sinh; 02 viên chức học cao cấp lý luận chính trị.",
    }
    for target in targets:
        evidence = done.get(target.group[:2])
        if evidence:
            target.done, target.evidence = True, evidence
        if target.measure == Measure.ENTERED_SHARE:
            target.entered_count = 7
            target.evidence = "Kế hoạch thi đua năm 2022 của 7/7 khoa, phòng."
        target.full_clean()
    Target.objects.bulk_create(targets)
    return plan


def _seed_calendar(plan: Plan) -> Plan:
    """Give the plan the dates the seed sets, through the action, as the secretary would.

    The seed names one date of the calendar besides the registration deadline (31/03/2022,
    set with the plan): the year-end summary on 30/12/2022 (III.1). The others are not in the
    document, so the demo leaves them for the secretary to enter.
    """
    if plan.report_deadline is not None:
        return plan
    secretary = (
        User.objects.filter(organization=plan.organization_id, grants__role=Role.SECRETARY)
        .order_by("pk")
        .first()
    )
    if secretary is None:  # no account to act as: the demo's accounts come first
        return plan
    plan.report_deadline = date(2022, 12, 30)
    return do_save_plan(plan, acting_user=secretary)


# The demo's 2021 plan (issue 17, item 4): the seed has no 2021 plan, so this one is written for
# the demo, smaller than 2022's, with targets the 2021 the demo runs (year2021.py) can answer:
# the council's session on paper, the principal's decision, the tờ trình to the province.
PLAN_2021 = {
    "number": "4",
    "issued_on": date(2021, 3, 5),
    "title": "Triển khai phong trào thi đua năm 2021",
    "preamble": (
        "Thực hiện hướng dẫn của Học viện Chính trị quốc gia Hồ Chí Minh về công tác thi đua, "
        "khen thưởng năm 2021, Trường Chính trị Trần Phú xây dựng kế hoạch phát động phong trào "
        "thi đua năm 2021, như sau:"
    ),
    "purposes": (
        "Động viên cán bộ, viên chức và người lao động đoàn kết, hăng hái thi đua dạy tốt, học "
        "tốt, phục vụ tốt, hoàn thành xuất sắc nhiệm vụ năm 2021.\n"
        "Phát hiện, bồi dưỡng, biểu dương và nhân rộng các gương điển hình tiên tiến."
    ),
    "theme": "“Đoàn kết, kỷ cương, trách nhiệm, sáng tạo, thi đua hoàn thành xuất sắc nhiệm vụ”",
    "organization_section": (
        "Thời gian thực hiện từ tháng 01 đến tháng 12/2021. Thời gian tổng kết phong trào thi "
        "đua vào 30/12/2021."
    ),
}
QUALITATIVE_2021 = [
    ("a) Về đào tạo, bồi dưỡng", "Hoàn thành tốt kế hoạch đào tạo, bồi dưỡng năm 2021.",
     "Báo cáo tổng kết năm học 2021: hoàn thành 100% kế hoạch đào tạo, bồi dưỡng."),
    ("b) Về nghiên cứu khoa học", "Hoàn thành kế hoạch nghiên cứu khoa học năm 2021.",
     "Nghiệm thu 4/4 đề tài cấp cơ sở năm 2021."),
]  # fmt: skip
QUANTITATIVE_2021 = [
    ("100% khoa, phòng xây dựng kế hoạch thi đua năm 2021 của đơn vị.",
     Measure.ENTERED_SHARE, "units", "", "", "gte", 100, None),
    ("100% tập thể, cá nhân đăng ký danh hiệu thi đua.",
     Measure.REGISTERED_SHARE, "collectives", "", "", "gte", 100, None),
    ("Có từ 90% cán bộ, viên chức trở lên đạt danh hiệu “Lao động tiên tiến”.",
     Measure.TITLE_SHARE, "staff", "LDTT", "", "gte", 90, None),
    ("Có từ 10% cán bộ, viên chức trở lên đạt danh hiệu Chiến sĩ thi đua cấp cơ sở.",
     Measure.TITLE_SHARE, "staff", "CSTD_CS", "", "gte", 10, None),
    ("Có ít nhất 01 cán bộ, viên chức đạt danh hiệu Chiến sĩ thi đua cấp tỉnh.",
     Measure.TITLE_COUNT, "staff", "CSTD_TINH", "", "gte", 1, None),
    ("Có ít nhất 01 tập thể khoa/phòng đạt danh hiệu Tập thể lao động xuất sắc.",
     Measure.TITLE_COUNT, "units", "TTLDXS", "", "gte", 1, None),
    ("100% giảng viên có sáng kiến kinh nghiệm, giải pháp khoa học, viết bài Thông tin Lý luận và Thực tiễn, giáo trình bài giảng.",
     Measure.EVIDENCE_SHARE, "lecturers", "", "", "gte", 100, None),
    ("Đảng bộ hoàn thành xuất sắc nhiệm vụ.",
     Measure.GRADE, "party_committee", "", "HTXS", "", None, None),
    ("Trường Chính trị Trần Phú đạt danh hiệu Tập thể lao động xuất sắc.",
     Measure.TITLE_HELD, "organization", "TTLDXS", "", "", None, None),
    ("Có từ 90% nữ CBVC trở lên đạt danh hiệu “Giỏi việc trường, đảm việc nhà”.",
     Measure.TITLE_SHARE, "women", "GVT_DVN", "", "gte", 90, None),
]  # fmt: skip


def load_plan_2021(organization: Organization) -> Plan:
    """Create the demo's 2021 plan (once), with its one phase and its targets."""
    existing = Plan.objects.filter(organization=organization, year=2021).first()
    if existing is not None:
        return existing
    plan = Plan.objects.create(
        organization=organization, year=2021, symbol="KH/TCTTP", place="Hà Tĩnh",
        proposed_titles=["CO_HV"], proposed_forms=["BK_TINH"], signer_title="HIỆU TRƯỞNG",
        signer=Person.objects.filter(organization=organization, position="Hiệu trưởng").first(),
        recipients="\n".join(RECIPIENTS), registration_deadline=date(2021, 3, 31),
        report_deadline=date(2021, 12, 30), **PLAN_2021,
    )  # fmt: skip
    Movement.objects.bulk_create(
        Movement(plan=plan, position=i, name=name, kind=kind)
        for i, (name, kind) in enumerate(MOVEMENTS[:5], 1)
    )
    Phase.objects.create(
        plan=plan, position=1, name="Phong trào thi đua năm 2021", starts_on=date(2021, 1, 1),
        ends_on=date(2021, 12, 30), review_on=date(2021, 12, 30),
    )  # fmt: skip
    targets = [
        Target(plan=plan, position=i, group=group, text=text, measure=Measure.QUALITATIVE,
               done=True, evidence=evidence)
        for i, (group, text, evidence) in enumerate(QUALITATIVE_2021, 1)
    ]  # fmt: skip
    counted = _quantitative_targets(
        plan, QUANTITATIVE_2021, group="c) Chỉ tiêu thi đua", first=len(targets) + 1
    )
    for target in counted:
        if target.measure == Measure.ENTERED_SHARE:
            target.entered_count = 7
            target.evidence = "Kế hoạch thi đua năm 2021 của 7/7 khoa, phòng."
        target.full_clean()
        targets.append(target)
    Target.objects.bulk_create(targets)
    return plan


def _quantitative_targets(plan: Plan, rows, *, group: str, first: int) -> list[Target]:
    """The plan's counted targets in ``group`` from rows of (text, measure, population, title,
    grade, comparison, goal, goal_max), numbered from ``first``; not yet saved."""
    return [
        Target(
            plan=plan, position=i, group=group, text=text, measure=measure,
            population=population, title=title, grade=grade, comparison=comparison,
            goal=None if goal is None else Decimal(goal),
            goal_max=None if goal_max is None else Decimal(goal_max),
        )
        for i, (text, measure, population, title, grade, comparison, goal, goal_max)
        in enumerate(rows, first)
    ]  # fmt: skip

from transparency.identifiers import (
    CREDIT_CHARSET,
    credit_check_char,
    credit_code_problem,
    is_resident_id,
    is_valid_credit_code,
)


def test_law_example_credit_code_is_valid():
    assert credit_check_char("91110000600037341") == "L"
    assert is_valid_credit_code("91110000600037341L")


def test_wrong_check_character_is_reported_without_inviting_a_change_of_the_last_character():
    problem = credit_code_problem("91110000600037341M")
    assert problem == "校驗不通過：18 位中有字符抄錯（不一定是最後一位）"
    assert "L" not in problem  # naming the check character invites changing only the last one


def test_every_single_character_mistake_is_caught_and_none_names_a_check_character():
    good = "91439900MA4L8XNQ2K"
    for i in range(18):
        for c in CREDIT_CHARSET:
            if c != good[i]:
                bad = good[:i] + c + good[i + 1 :]
                problem = credit_code_problem(bad)
                assert problem, bad
                assert "應為 " + credit_check_char(bad[:17]) not in problem


def test_letters_i_o_s_v_z_are_not_in_the_charset():
    for bad in "IOSVZ":
        problem = credit_code_problem("9111000060003734" + bad + "L")
        assert problem and bad in problem


def test_lowercase_and_length_are_reported():
    # A lowercase l at the end: the licence shows either 1 or L there; the clerk must look, not guess.
    assert credit_code_problem("91110000600037341l") == (
        "第 18 位是小寫字母 l：看清營業執照上這一位是數字 1 還是大寫字母 L"
    )
    assert (
        credit_code_problem("91110000600037341a".replace("1a", "Ab")) == "第 18 位「b」是小寫字母，應為大寫 B"
    )
    assert "18 位" in credit_code_problem("9111000060003734")


def test_a_lowercase_l_for_a_1_cannot_be_fixed_into_a_wrong_code_that_passes():
    # Issue 18: 「字母應為大寫」 then 「校驗位應為 X」 led to 9143992LMA6Q2TL8XX, which passed.
    problem = credit_code_problem("9143992lMA6Q2TL8XK")
    assert problem == "第 8 位是小寫字母 l，營業執照上這一位多半是數字 1"
    assert "大寫" not in problem
    problem = credit_code_problem("9143992LMA6Q2TL8XX")
    assert problem and "第 8 位「L」不是數字" in problem and "行政區劃碼" in problem and "數字 1" in problem
    code = "9143992LMA6Q2TL8X"
    assert not is_valid_credit_code(code + credit_check_char(code))  # whatever the last character


def test_region_code_positions_3_to_8_must_be_digits():
    for i in range(2, 8):
        body = "91439900MA4L8XNQ2"
        body = body[:i] + "A" + body[i + 1 :]
        problem = credit_code_problem(body + credit_check_char(body))
        assert problem == f"第 {i + 1} 位「A」不是數字：第 3–8 位是行政區劃碼，只能是數字"


def test_registration_authority_and_category_are_checked():
    def valid(first17):
        return first17 + credit_check_char(first17)

    assert is_valid_credit_code(valid("Y1439900MA4L8XNQ2"))
    assert is_valid_credit_code(valid("N3439900MA4L8XNQ2"))
    assert is_valid_credit_code(valid("52439900MA4L8XNQ2"))
    problem = credit_code_problem(valid("B1439900MA4L8XNQ2"))
    assert problem and problem.startswith("第 1 位（登記管理部門代碼）「B」不存在")
    assert credit_code_problem(valid("94439900MA4L8XNQ2")) == (
        "第 2 位（機構類別代碼）「4」與第 1 位「9」（工商）不符：只能是 1、2、3"
    )
    assert "「2」" in credit_code_problem(valid("Y2439900MA4L8XNQ2"))


def test_full_width_and_look_alike_characters_are_named_with_their_position():
    assert credit_code_problem("９１110000600037341L") == (
        "第 1 位「９」是全角字符，應為半角 9，第 2 位「１」是全角字符，應為半角 1"
    )
    assert credit_code_problem("91110000600037341Ｌ") == "第 18 位「Ｌ」是全角字符，應為半角 L"
    assert credit_code_problem("9111000060003734OL") == (
        "第 17 位是字母 O（代碼不用 I、O、S、V、Z），營業執照上多半是數字 0"
    )
    assert "多半是字母 U" in credit_code_problem("9111000060003734VL")
    assert "第 4 位「O」不是數字" in credit_code_problem("911O0000600037341L")
    assert "多半是數字 0" in credit_code_problem("911O0000600037341L")
    assert credit_code_problem("9111000060003 341L") == "第 14 位空格不是數字或字母"


def test_resident_id_checksum_and_birth_date():
    assert is_resident_id("11010519491231002X")
    assert is_resident_id("11010519491231002x")
    assert not is_resident_id("110105194912310021")  # wrong check digit
    assert not is_resident_id("110105194913310028")  # month 13


def test_all_digit_credit_code_is_not_taken_for_an_id_number():
    code = "91110000600037341L"
    assert not is_resident_id(code)

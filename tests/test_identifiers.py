from transparency.identifiers import (
    credit_check_char,
    credit_code_problem,
    is_resident_id,
    is_valid_credit_code,
)


def test_law_example_credit_code_is_valid():
    assert credit_check_char("91110000600037341") == "L"
    assert is_valid_credit_code("91110000600037341L")


def test_wrong_check_character_names_the_expected_one():
    assert credit_code_problem("91110000600037341M") == "校驗位應為 L，實為 M"


def test_letters_i_o_s_v_z_are_not_in_the_charset():
    for bad in "IOSVZ":
        problem = credit_code_problem("9111000060003734" + bad + "L")
        assert problem and bad in problem


def test_lowercase_and_length_are_reported():
    assert credit_code_problem("91110000600037341l") == "字母應為大寫"
    assert "18 位" in credit_code_problem("9111000060003734")


def test_resident_id_checksum_and_birth_date():
    assert is_resident_id("11010519491231002X")
    assert is_resident_id("11010519491231002x")
    assert not is_resident_id("110105194912310021")  # wrong check digit
    assert not is_resident_id("110105194913310028")  # month 13


def test_all_digit_credit_code_is_not_taken_for_an_id_number():
    code = "91110000600037341L"
    assert not is_resident_id(code)

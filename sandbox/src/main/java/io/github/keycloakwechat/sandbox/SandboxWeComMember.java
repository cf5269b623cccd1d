package io.github.keycloakwechat.sandbox;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A member (成员) of a simulated WeCom corp, as its address book (通讯录) holds them. {@code cgi-bin/auth/getuserinfo}
 * answers the {@code userid}; {@code cgi-bin/auth/getuserdetail} (after snsapi_privateinfo) the sensitive fields the
 * member has; {@code cgi-bin/user/get} the rest.
 *
 * @param corpId     the corp; null in a config file or control-API call means "the only corp" (an error when there
 *                   are several)
 * @param userid     the UserID: 1..64 characters of {@code [A-Za-z0-9_.@-]}
 * @param name       the name (defaults to the userid)
 * @param mobile     the mobile number, e.g. {@code "13800000011"}; null: none (getuserdetail leaves {@code mobile} out)
 * @param email      the email; null: none
 * @param bizMail    the corp mailbox ({@code biz_mail}); null: none
 * @param address    the address; null: none
 * @param gender     {@code "0"} unknown (the default), {@code "1"} male, {@code "2"} female
 * @param avatar     the avatar URL; null: the sandbox serves a generated one
 * @param department department ids (default {@code [1]})
 * @param position   the position (职务), default empty
 * @param status     1 active (the default), 2 disabled, 4 not activated, 5 left; only reported by {@code user/get}
 */
public record SandboxWeComMember(String corpId, String userid, String name, String mobile, String email, String bizMail,
                                 String address, String gender, String avatar, List<Integer> department, String position,
                                 Integer status) {

    private static final Pattern USERID = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
    private static final Pattern MOBILE = Pattern.compile("\\+?[0-9][0-9 -]{3,30}");
    private static final Set<String> GENDERS = Set.of("0", "1", "2");
    private static final Set<Integer> STATUSES = Set.of(1, 2, 4, 5);

    @JsonCreator
    public SandboxWeComMember {
        corpId = blankToNull(corpId);
        if (userid == null || !USERID.matcher(userid).matches()) {
            throw new IllegalArgumentException("userid must be 1..64 characters of [A-Za-z0-9_.@-]");
        }
        name = name == null || name.isBlank() ? userid : name;
        mobile = blankToNull(mobile);
        if (mobile != null && !MOBILE.matcher(mobile.strip()).matches()) {
            throw new IllegalArgumentException("mobile must be digits (optionally +country code), e.g. \"13800000011\" (member "
                    + userid + ")");
        }
        mobile = mobile == null ? null : mobile.strip();
        email = blankToNull(email);
        if (email != null && !email.contains("@")) {
            throw new IllegalArgumentException("email must contain @ (member " + userid + ")");
        }
        bizMail = blankToNull(bizMail);
        address = blankToNull(address);
        gender = gender == null || gender.isBlank() ? "0" : gender.strip();
        if (!GENDERS.contains(gender)) {
            throw new IllegalArgumentException("gender must be \"0\" (unknown), \"1\" (male) or \"2\" (female) (member " + userid + ")");
        }
        avatar = blankToNull(avatar);
        if (avatar != null) {
            SandboxApp.validateHttpUrl(avatar, "avatar");
        }
        department = department == null || department.isEmpty() ? List.of(1) : List.copyOf(department);
        position = position == null ? "" : position;
        status = status == null ? 1 : status;
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("status must be 1 (active), 2 (disabled), 4 (not activated) or 5 (left) (member "
                    + userid + ")");
        }
    }

    /** A member with the usual defaults: department [1], no position, gender unknown, active, generated avatar. */
    public static SandboxWeComMember of(String corpId, String userid, String name, String mobile, String email) {
        return new SandboxWeComMember(corpId, userid, name, mobile, email, null, null, null, null, null, null, null);
    }

    /** The same member in another corp (or null: the only corp). */
    public SandboxWeComMember withCorpId(String newCorpId) {
        return new SandboxWeComMember(newCorpId, userid, name, mobile, email, bizMail, address, gender, avatar, department,
                position, status);
    }

    /** The same member with another mobile number, or none (null). */
    public SandboxWeComMember withMobile(String newMobile) {
        return new SandboxWeComMember(corpId, userid, name, newMobile, email, bizMail, address, gender, avatar, department,
                position, status);
    }

    /** The same member with another email, or none (null). */
    public SandboxWeComMember withEmail(String newEmail) {
        return new SandboxWeComMember(corpId, userid, name, mobile, newEmail, bizMail, address, gender, avatar, department,
                position, status);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}

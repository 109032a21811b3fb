<?php
/**
 * MiniWiki: a small wiki shaped like DokuWiki, for the end-to-end tests (started by
 * ../php-wiki-server.ts with `php -S 127.0.0.1:<port> router.php`). What it does as DokuWiki does:
 *   - one entry point, /doku.php?id=<page>&do=<action>;
 *   - PHP sessions (strict mode: an unknown session id gets a new one), a per-session security token
 *     (hidden input `sectok`) in every form of a signed-in user;
 *   - sign in with user + password; "Remember me" sets a cookie that signs the user in again, with a
 *     FRESH session (new id, new token), when the session is gone;
 *   - a save whose token does not match answers 200 with the edit form again (the text kept) and
 *     "Security Token did not match. Possible CSRF attack."; a save without a signed-in user answers
 *     200 with "Permission Denied" and the sign-in form; a valid save writes the page and answers
 *     302 to the page;
 *   - the signed-in user's name in the page header (<span class="user">ada</span>).
 * Test controls are files in the data directory (WIKI_DATA), written by the test: sessions/ (delete
 * the files to end every session) and refuse-tokens (while it exists, every page view makes a new
 * token and every token is refused). Every request is logged to requests.jsonl.
 */
declare(strict_types=1);

const USERS = ['ada' => 'analytical engine', 'bob' => 'difference engine'];
const COOKIE_SALT = 'miniwiki-e2e-cookie-salt';
const REMEMBER_COOKIE = 'DWremember';

$data = getenv('WIKI_DATA') ?: (sys_get_temp_dir() . '/miniwiki');
@mkdir("$data/sessions", 0700, true);
@mkdir("$data/pages", 0700, true);

$path = parse_url($_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH);
if ($path === '/' ) {
    header('Location: /doku.php?id=start', true, 302);
    return;
}
if ($path !== '/doku.php') {
    http_response_code(404);
    header('Content-Type: text/plain');
    echo 'Not found';
    return;
}

// The request log the tests read: what the server received and what it made of it.
$log = ['method' => $_SERVER['REQUEST_METHOD'], 'uri' => $_SERVER['REQUEST_URI'], 'at' => microtime(true)];
if ($_SERVER['REQUEST_METHOD'] === 'POST') {
    $log['post'] = array_diff_key($_POST, ['p' => true]);
}
$log['sessionCookie'] = $_COOKIE[session_name_value()] ?? null;
$log['rememberCookie'] = isset($_COOKIE[REMEMBER_COOKIE]);
register_shutdown_function(function () use (&$log, $data) {
    $log['status'] = http_response_code();
    $log['user'] = $_SESSION['user'] ?? null;
    $log['sessionId'] = session_id();
    file_put_contents("$data/requests.jsonl", json_encode($log, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE) . "\n", FILE_APPEND | LOCK_EX);
});

function session_name_value(): string
{
    return 'DokuWiki';
}

ini_set('session.save_path', "$data/sessions");
ini_set('session.use_strict_mode', '1');
ini_set('session.use_only_cookies', '1');
ini_set('session.gc_probability', '0'); // sessions end when the test ends them, not by chance
session_name(session_name_value());
session_set_cookie_params(['path' => '/', 'httponly' => true, 'samesite' => 'Lax']);
session_start();

$refuseTokens = file_exists("$data/refuse-tokens");

function h(string $s): string
{
    return htmlspecialchars($s, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
}

function remember_value(string $user): string
{
    return $user . '|' . hash_hmac('sha256', $user, COOKIE_SALT);
}

/** Starts a new session for `user`: a new session id and a new security token. */
function sign_in(string $user): void
{
    session_regenerate_id(true);
    $_SESSION = ['user' => $user, 'sectok' => bin2hex(random_bytes(16))];
}

// The session is gone but the remember-me cookie is valid: sign in again with a fresh session.
if (!isset($_SESSION['user']) && isset($_COOKIE[REMEMBER_COOKIE])) {
    [$rememberedUser] = explode('|', (string) $_COOKIE[REMEMBER_COOKIE], 2);
    if (isset(USERS[$rememberedUser]) && hash_equals(remember_value($rememberedUser), (string) $_COOKIE[REMEMBER_COOKIE])) {
        sign_in($rememberedUser);
        $log['rememberedSignIn'] = true;
    }
}
$user = $_SESSION['user'] ?? null;

/** The session's security token ('' for nobody); a new one on every call while tokens are refused. */
function token(): string
{
    global $user, $refuseTokens;
    if ($user === null) return '';
    if ($refuseTokens || !isset($_SESSION['sectok'])) $_SESSION['sectok'] = bin2hex(random_bytes(16));
    return $_SESSION['sectok'];
}

function token_matches(): bool
{
    global $user, $refuseTokens, $log;
    $log['expectedToken'] = $_SESSION['sectok'] ?? null;
    if ($user === null || $refuseTokens) return false;
    $sent = $_POST['sectok'] ?? '';
    return is_string($sent) && $sent !== '' && hash_equals($_SESSION['sectok'] ?? '', $sent);
}

$id = preg_replace('/[^a-z0-9_:-]/', '', strtolower((string) ($_REQUEST['id'] ?? 'start'))) ?: 'start';
$do = $_REQUEST['do'] ?? 'show';
if (is_array($do)) $do = (string) array_key_first($do);
$messages = [];

function page_file(string $id): string
{
    global $data;
    return "$data/pages/$id.txt";
}

function page_text(string $id): string
{
    $file = page_file($id);
    return is_file($file) ? (string) file_get_contents($file) : '';
}

function page_date(string $id): int
{
    $file = page_file($id);
    return is_file($file) ? (int) filemtime($file) : 0;
}

function render(string $title, string $content): void
{
    global $user, $id, $messages;
    header('Content-Type: text/html; charset=utf-8');
    $tools = $user !== null
        ? '<li class="user">Logged in as: <span class="user">' . h($user) . '</span></li><li><a href="/doku.php?id=' . h($id) . '&amp;do=logout&amp;sectok=' . h(token()) . '">Log Out</a></li>'
        : '<li><a href="/doku.php?id=' . h($id) . '&amp;do=login">Log In</a></li>';
    $msgs = '';
    foreach ($messages as [$class, $text]) $msgs .= '<div class="' . $class . '">' . h($text) . '</div>';
    echo '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>' . h($title) . ' [MiniWiki]</title></head><body>'
        . '<div id="dokuwiki__header"><a href="/doku.php?id=start">MiniWiki</a><ul id="dokuwiki__usertools">' . $tools . '</ul></div>'
        . '<div id="dokuwiki__content">' . $msgs . $content . '</div></body></html>';
}

function login_form(): string
{
    global $id;
    return '<form id="dw__login" method="post" action="/doku.php?id=' . h($id) . '&amp;do=login" accept-charset="utf-8">'
        . '<input type="hidden" name="sectok" value=""><input type="hidden" name="id" value="' . h($id) . '"><input type="hidden" name="do" value="login">'
        . '<fieldset><legend>Log In</legend>'
        . '<label>Username <input type="text" name="u" autocomplete="username"></label> '
        . '<label>Password <input type="password" name="p" autocomplete="current-password"></label> '
        . '<label><input type="checkbox" name="r" value="1"> Remember me</label> '
        . '<button type="submit">Log In</button></fieldset></form>';
}

function edit_form(string $text): string
{
    global $id;
    return '<h1>Editing ' . h($id) . '</h1>'
        . '<form id="dw__editform" method="post" action="/doku.php?id=' . h($id) . '" accept-charset="utf-8">'
        . '<input type="hidden" name="sectok" value="' . h(token()) . '">'
        . '<input type="hidden" name="id" value="' . h($id) . '">'
        . '<input type="hidden" name="rev" value="0">'
        . '<input type="hidden" name="date" value="' . page_date($id) . '">'
        . '<input type="hidden" name="changecheck" value="' . md5(page_text($id)) . '">'
        . '<textarea name="wikitext" id="wiki__text" cols="80" rows="10">' . h($text) . '</textarea>'
        . '<label>Edit summary: <input type="text" name="summary" id="edit__summary"></label> '
        . '<button type="submit" name="do[save]" value="1">Save</button> '
        . '<button type="submit" name="do[preview]" value="1">Preview</button> '
        . '<button type="submit" name="do[cancel]" value="1">Cancel</button>'
        . '</form>';
}

function denied(): void
{
    global $log;
    $log['outcome'] = 'signed-out';
    render('Permission Denied', '<h1>Permission Denied</h1><p>Sorry, you don\'t have enough rights to continue.</p>'
        . '<p>You are currently not logged in! Enter your authentication credentials below to log in. You need to have cookies enabled to log in.</p>'
        . login_form());
}

function redirect_to(string $url): void
{
    header('Location: ' . $url, true, 302);
}

switch ($do) {
    case 'login':
        if ($_SERVER['REQUEST_METHOD'] === 'POST' && isset($_POST['u'])) {
            $name = (string) $_POST['u'];
            if (isset(USERS[$name]) && hash_equals(USERS[$name], (string) ($_POST['p'] ?? ''))) {
                sign_in($name);
                if (!empty($_POST['r'])) {
                    setcookie(REMEMBER_COOKIE, remember_value($name), ['expires' => time() + 30 * 86400, 'path' => '/', 'httponly' => true, 'samesite' => 'Lax']);
                }
                $log['outcome'] = 'signed-in';
                redirect_to('/doku.php?id=' . $id);
                break;
            }
            $messages[] = ['error', 'Sorry, username or password was wrong.'];
        }
        render('Log In', '<h1>Log In</h1><p>You are currently not logged in! Enter your authentication credentials below to log in.</p>' . login_form());
        break;

    case 'logout':
        $_SESSION = [];
        session_destroy();
        setcookie(REMEMBER_COOKIE, '', ['expires' => time() - 3600, 'path' => '/']);
        redirect_to('/doku.php?id=' . $id);
        break;

    case 'edit':
        if ($user === null) {
            denied();
            break;
        }
        render($id, edit_form(page_text($id)));
        break;

    case 'save':
        if ($_SERVER['REQUEST_METHOD'] !== 'POST') {
            redirect_to('/doku.php?id=' . $id);
            break;
        }
        if ($user === null) {
            denied();
            break;
        }
        $text = str_replace("\r\n", "\n", (string) ($_POST['wikitext'] ?? ''));
        if (!token_matches()) {
            // As DokuWiki: the edit form again (the text kept) with the message, status 200.
            $log['outcome'] = 'stale-token';
            $messages[] = ['error', 'Security Token did not match. Possible CSRF attack.'];
            render($id, edit_form($text));
            break;
        }
        file_put_contents(page_file($id), $text);
        file_put_contents("$data/pages/$id.changes", json_encode(['user' => $user, 'summary' => (string) ($_POST['summary'] ?? ''), 'text' => $text]) . "\n", FILE_APPEND);
        $log['outcome'] = 'saved';
        redirect_to('/doku.php?id=' . $id);
        break;

    default:
        $text = page_text($id);
        render($id, '<h1>' . h($id) . '</h1>' . ($text === '' ? '<p>This topic does not exist yet.</p>' : '<div class="page"><pre>' . h($text) . '</pre></div>')
            . '<p><a href="/doku.php?id=' . h($id) . '&amp;do=edit">Edit this page</a></p>');
}

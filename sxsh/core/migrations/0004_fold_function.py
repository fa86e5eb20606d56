"""``sxsh_fold``, the folding of ``sxsh.core.search``, as a PostgreSQL function.

The table is written out here as it stood when this migration was made; a test compares
the function with ``sxsh.core.search.fold`` character by character, so a change of the
table needs a new migration. SQLite gets the Python function on each connection instead.
"""

from django.db import migrations

FROM = (
    'ABCDEFGHIJKLMNOPQRSTUVWXYZÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝàáâãäå'
    'çèéêëìíîïðñòóôõöøùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤ'
    'ĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŁłŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮů'
    'ŰűŲųŴŵŶŷŸŹźŻżŽžſƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄ'
    'ȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳḀḁḂḃḄḅḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔ'
    'ḕḖḗḘḙḚḛḜḝḞḟḠḡḢḣḤḥḦḧḨḩḪḫḬḭḮḯḰḱḲḳḴḵḶḷḸḹḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍṎṏṐ'
    'ṑṒṓṔṕṖṗṘṙṚṛṜṝṞṟṠṡṢṣṤṥṦṧṨṩṪṫṬṭṮṯṰṱṲṳṴṵṶṷṸṹṺṻṼṽṾṿẀẁẂẃẄẅẆẇẈẉẊẋẌ'
    'ẍẎẏẐẑẒẓẔẕẖẗẘẙẛẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọ'
    'ỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ̀́̂̃̄̅̆̇̈̉̊̋̌̍̎̏'
    '̴̵̶̷̸̡̢̧̨̛̖̗̘̙̜̝̞̟̠̣̤̥̦̩̪̫̬̭̮̯̰̱̲̳̹̺̻̼͇͈͉̐̑̒̓̔̽̾̿̀́͂̓̈́͆͊͋̕̚ͅ'
    '͍͎͌͏͓͔͕͖͙͚͐͑͒͗͛ͣͤͥͦͧͨͩͪͫͬͭͮͯ͘͜͟͢͝͞͠͡'
)
TO = (
    'abcdefghijklmnopqrstuvwxyzaaaaaaceeeeiiiidnoooooouuuuyaaaaaa'
    'ceeeeiiiidnoooooouuuuyyaaaaaaccccccccddddeeeeeeeeeeggggggggh'
    'hiiiiiiiiijjkkllllllllnnnnnnoooooorrrrrrssssssssttttuuuuuuuu'
    'uuuuwwyyyzzzzzzsoouuaaiioouuuuuuuuuuaaaaggkkoooojggnnaaaaaae'
    'eeeiiiioooorrrruuuusstthhaaeeooooooooyyaabbbbbbccdddddddddde'
    'eeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmmmmmmnnnnnnnnooooo'
    'ooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvvwwwwwwwwwwxxx'
    'xyyzzzzzzhtwysaaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeiiiioo'
    'oooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy'
)

CREATE = ("CREATE OR REPLACE FUNCTION sxsh_fold(text) RETURNS text "
          "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS "
          f"$$ SELECT translate($1, '{FROM}', '{TO}') $$")

DROP = "DROP FUNCTION IF EXISTS sxsh_fold(text)"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_action")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

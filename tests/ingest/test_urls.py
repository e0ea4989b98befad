import pytest

from archive.ingest.urls import find_urls, is_image_url


def test_urls_are_found_with_trailing_punctuation_removed():
    line = "CF/ https://fr.mil.ru/fr/news_page/country/more.htm?id=12318949@egNews."
    assert find_urls(line) == ["https://fr.mil.ru/fr/news_page/country/more.htm?id=12318949@egNews"]


def test_www_links_without_a_scheme_are_urls():
    assert find_urls("voir www.kremlin.ru/events/president") == ["www.kremlin.ru/events/president"]


@pytest.mark.parametrize(
    "url",
    [
        "https://www.mid.ru/documents/10180/4900244/x.jpg/e4b115eb?t=1634030699166",
        "https://cdnnfr1.img.sputniknews.com/img/07e5/08/17/1046036301_0:119.jpg.webp",
        "https://media.lesechos.com/api/v1/images/view/5c92/1280x720-webp/0609-web-tete.webp",
        "https://www.axl.cefan.ulaval.ca/asie/images/kazakhstan-map.gif",
        "https://www.lequipe.fr/_medias/img-photo-jpg/noursoultan/1500000001467892/298:358",
        "http://example.org/photo.PNG?width=300",
    ],
)
def test_picture_links_are_image_urls(url):
    assert is_image_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.mid.ru/fr/foreign_policy/news/-/asset_publisher/cKNonkJE02Bw/content/id/4900531",
        "http://en.kremlin.ru/events/president/news/64534",
        "https://mid.ru/fr/foreign_policy/news/1796663/",
    ],
)
def test_page_links_are_not_image_urls(url):
    assert not is_image_url(url)
